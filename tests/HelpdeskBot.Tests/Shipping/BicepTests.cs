using System.Text.Json.Nodes;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>deploy/main.bicep compiles with the Bicep CLI, without a warning, into the resources the guide promises.</summary>
public sealed class BicepTests : IClassFixture<BicepTests.CompiledTemplate>
{
    private readonly CompiledTemplate _compiled;

    public BicepTests(CompiledTemplate compiled) => _compiled = compiled;

    [Fact]
    public void Main_template_builds_without_errors_or_linter_warnings()
    {
        Assert.True(_compiled.ExitCode == 0, _compiled.Error);
        Assert.DoesNotContain("Warning", _compiled.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", _compiled.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_declares_the_bot_with_the_Teams_channel_on_the_managed_identity()
    {
        var bot = _compiled.Resource("Microsoft.BotService/botServices");
        Assert.Equal("azurebot", bot["kind"]!.GetValue<string>());
        Assert.Equal("UserAssignedMSI", bot["properties"]!["msaAppType"]!.GetValue<string>());
        Assert.Equal("[parameters('endpoint')]", bot["properties"]!["endpoint"]!.GetValue<string>());
        Assert.Contains("/api/messages", _compiled.Template.ToJsonString(), StringComparison.Ordinal);
        var channel = _compiled.Resource("Microsoft.BotService/botServices/channels");
        Assert.Equal("MsTeamsChannel", channel["properties"]!["channelName"]!.GetValue<string>());
        Assert.True(channel["properties"]!["properties"]!["isEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public void Template_keeps_secrets_in_an_RBAC_Key_Vault_read_by_the_identity()
    {
        var vault = _compiled.Resource("Microsoft.KeyVault/vaults");
        Assert.True(vault["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        var role = _compiled.Resource("Microsoft.Authorization/roleAssignments");
        Assert.Contains("secretsUserRoleId", role["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("4633458b-17de-408a-b874-0445c86b69e6", _compiled.Template.ToJsonString(), StringComparison.Ordinal);
        var site = _compiled.Resource("Microsoft.Web/sites");
        Assert.Contains("secretSettings", site.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(VaultName=", _compiled.Template.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(site["properties"]!["keyVaultReferenceIdentity"]);
        Assert.True(site["properties"]!["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("/health/ready", site["properties"]!["siteConfig"]!["healthCheckPath"]!.GetValue<string>());
    }

    [Fact]
    public void Template_offers_PostgreSQL_and_monitoring()
    {
        Assert.NotNull(_compiled.Resource("Microsoft.DBforPostgreSQL/flexibleServers"));
        Assert.NotNull(_compiled.Resource("Microsoft.Insights/components"));
        Assert.NotNull(_compiled.Resource("Microsoft.OperationalInsights/workspaces"));
        var outputs = _compiled.Template["outputs"]!.AsObject();
        Assert.Contains("botAppId", outputs.Select(o => o.Key));
        Assert.Contains("botHostName", outputs.Select(o => o.Key));
    }

    [Fact]
    public async Task Example_parameters_file_builds()
    {
        var (exit, output, error) = await BicepCli.RunAsync("build-params", RepositoryRoot.Combine("deploy", "main.bicepparam"), "--stdout");
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("Warning", error, StringComparison.Ordinal);
        var parameters = JsonNode.Parse(JsonNode.Parse(output)!["parametersJson"]!.GetValue<string>())!;
        Assert.Equal("helpdeskbot", parameters["parameters"]!["namePrefix"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_instances_without_PostgreSQL_fail_the_deployment_with_the_reason()
    {
        var (exit, _, error) = await SnapshotAsync("two-instances-without-postgres.bicepparam");
        Assert.NotEqual(0, exit);
        Assert.Contains("instanceCount 2 needs deployPostgres=true", error, StringComparison.Ordinal);
        Assert.Contains("write-ahead log", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_instance_pool_is_sized_from_the_PostgreSQL_size_connection_limit()
    {
        var (exit, snapshot, error) = await SnapshotAsync("three-instances-on-b1ms.bicepparam");
        Assert.True(exit == 0, error);
        // B1ms: 50 connections - 15 Azure reserves - 5 for administration = 30, over 3 instances + 1 restarting.
        Assert.Equal(30 / 4, snapshot!["outputs"]!["postgresMaxPoolSize"]!.GetValue<int>());
        var server = snapshot["predictedResources"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == "Microsoft.DBforPostgreSQL/flexibleServers")!;
        Assert.Equal("Standard_B1ms", server["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("Burstable", server["sku"]!["tier"]!.GetValue<string>());
        var app = _compiled.Template.ToJsonString();
        Assert.Contains("Storage__Postgres__MaxPoolSize", app, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_PostgreSQL_the_app_signs_in_as_its_managed_identity_and_no_password_exists()
    {
        var (exit, snapshot, error) = await SnapshotAsync("three-instances-on-b1ms.bicepparam");
        Assert.True(exit == 0, error);
        var resources = snapshot!["predictedResources"]!.AsArray().OfType<JsonNode>().ToList();
        JsonNode Single(string type) => resources.Single(r => r["type"]!.GetValue<string>() == type);

        var auth = Single("Microsoft.DBforPostgreSQL/flexibleServers")["properties"]!["authConfig"]!;
        Assert.Equal("Enabled", auth["activeDirectoryAuth"]!.GetValue<string>());
        Assert.Equal("Disabled", auth["passwordAuth"]!.GetValue<string>());
        var admin = Single("Microsoft.DBforPostgreSQL/flexibleServers/administrators");
        Assert.EndsWith("), '00000000-0000-0000-0000-0000000000ad')]", admin["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("dba@contoso.com", admin["properties"]!["principalName"]!.GetValue<string>());
        Assert.Equal("User", admin["properties"]!["principalType"]!.GetValue<string>());

        var settings = Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>());
        Assert.Equal("Entra", settings["Storage__Postgres__Authentication"]);
        Assert.Equal("Postgres", settings["Storage__Provider"]);
        // The app's identity is user-assigned: the token must be asked for with its client id.
        Assert.Contains("'identity'", settings["Storage__Postgres__ManagedIdentityClientId"], StringComparison.Ordinal);
        Assert.Contains(".outputs.clientId.value", settings["Storage__Postgres__ManagedIdentityClientId"], StringComparison.Ordinal);
        var connection = settings["Storage__Postgres__ConnectionString"];
        Assert.Contains("Username={2}", connection, StringComparison.Ordinal);
        Assert.Contains("'identity'), '2025-04-01').outputs.name.value)", connection, StringComparison.Ordinal);
        // No password anywhere: not in a setting, not as a Key Vault secret, not on the server.
        Assert.DoesNotContain(settings, s => s.Key.Contains("Password", StringComparison.OrdinalIgnoreCase) || s.Value.Contains("Password", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("administratorLoginPassword", snapshot.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Storage--Postgres", snapshot.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSQL_without_an_Entra_administrator_fails_the_deployment_with_the_reason()
    {
        var (exit, _, error) = await SnapshotAsync("postgres-without-entra-admin.bicepparam");
        Assert.NotEqual(0, exit);
        Assert.Contains("deployPostgres=true needs postgresEntraAdminObjectId and postgresEntraAdminName", error, StringComparison.Ordinal);
        Assert.Contains("grant-managed-identity.sql", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_that_do_not_fit_the_connection_limit_fail_the_deployment_with_the_numbers()
    {
        var (exit, _, error) = await SnapshotAsync("eight-instances-on-b1ms.bicepparam");
        Assert.NotEqual(0, exit);
        Assert.Contains("Standard_B1ms allows 50 connections", error, StringComparison.Ordinal);
        Assert.Contains("leave 30 for 9 instances at once", error, StringComparison.Ordinal);
        Assert.Contains("3 each, below the minimum pool of 5", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bot_resource_sends_its_request_logs_to_Log_Analytics()
    {
        var settings = Resources(_compiled.Template).Where(r => r["type"]?.GetValue<string>() == "Microsoft.Insights/diagnosticSettings").ToList();
        var bot = settings.Single(s => s["scope"]?.GetValue<string>()?.Contains("Microsoft.BotService/botServices", StringComparison.Ordinal) == true);
        var categories = bot["properties"]!["logs"]!.AsArray().Select(l => l!["category"]!.GetValue<string>());
        Assert.Contains("BotRequest", categories);
        Assert.NotNull(bot["properties"]!["workspaceId"]);
    }

    [Fact]
    public void Outputs_carry_the_names_the_Agents_Toolkit_expects()
    {
        var outputs = _compiled.Template["outputs"]!.AsObject().Select(o => o.Key).ToList();
        Assert.Contains("BOT_ID", outputs);
        Assert.Contains("BOT_DOMAIN", outputs);
        Assert.Contains("BOT_AZURE_APP_SERVICE_RESOURCE_ID", outputs);
    }

    /// <summary>
    /// <c>bicep snapshot</c> evaluates the template with a parameter file offline, as ARM would at deployment (a
    /// <c>fail()</c> then stops it). The file is copied to a scratch folder, as the snapshot is written beside it.
    /// </summary>
    private static async Task<(int ExitCode, JsonNode? Snapshot, string Error)> SnapshotAsync(string parameterFile)
    {
        var dir = Directory.CreateTempSubdirectory("hb-bicep-");
        try
        {
            var main = RepositoryRoot.Combine("deploy", "main.bicep");
            var source = await File.ReadAllLinesAsync(RepositoryRoot.Combine("tests", "HelpdeskBot.Tests", "Shipping", "Bicep", parameterFile));
            var copy = source.Select(l => l.StartsWith("using ", StringComparison.Ordinal) ? $"using '{Path.GetRelativePath(dir.FullName, main)}'" : l);
            var path = Path.Combine(dir.FullName, parameterFile);
            await File.WriteAllLinesAsync(path, copy);
            var (exit, output, error) = await BicepCli.RunAsync("snapshot", path, "--mode", "overwrite");
            var snapshot = Path.ChangeExtension(path, ".snapshot.json");
            return (exit, File.Exists(snapshot) ? JsonNode.Parse(await File.ReadAllTextAsync(snapshot)) : null, output + error);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_broken_template_fails_the_build()
    {
        var dir = Directory.CreateTempSubdirectory("hb-bicep-");
        try
        {
            var broken = Path.Combine(dir.FullName, "broken.bicep");
            await File.WriteAllTextAsync(broken, "param name string\nresource x 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: nme\n}\n");
            var (exit, _, error) = await BicepCli.RunAsync("build", broken, "--stdout");
            Assert.NotEqual(0, exit);
            Assert.Contains("nme", error, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static IEnumerable<JsonNode> Resources(JsonNode template) => CompiledTemplate.Resources(template);

    /// <summary>main.bicep compiled once for the class (the CLI takes a few seconds to start).</summary>
    public sealed class CompiledTemplate : IAsyncLifetime
    {
        public int ExitCode { get; private set; }

        public string Error { get; private set; } = "";

        public JsonNode Template { get; private set; } = new JsonObject();

        /// <summary>The first resource of <paramref name="type"/>, searched through the modules' nested templates.</summary>
        public JsonNode Resource(string type) =>
            Resources(Template).FirstOrDefault(r => r["type"]?.GetValue<string>() == type)
            ?? throw new Xunit.Sdk.XunitException($"no {type} in the compiled template");

        public async ValueTask InitializeAsync()
        {
            var (exit, output, error) = await BicepCli.RunAsync("build", RepositoryRoot.Combine("deploy", "main.bicep"), "--stdout");
            ExitCode = exit;
            Error = error;
            if (exit == 0)
            {
                Template = JsonNode.Parse(output)!;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        internal static IEnumerable<JsonNode> Resources(JsonNode template)
        {
            var resources = template["resources"];
            IEnumerable<JsonNode?> list = resources switch
            {
                JsonArray array => array,
                JsonObject map => map.Select(p => p.Value),
                _ => [],
            };
            foreach (var resource in list.OfType<JsonNode>())
            {
                yield return resource;
                if (resource["properties"]?["template"] is JsonNode nested)
                {
                    foreach (var inner in Resources(nested))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }
}
