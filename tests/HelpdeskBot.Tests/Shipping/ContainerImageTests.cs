using System.Net;
using System.Text.Json;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.EndToEnd;
using YamlDotNet.RepresentationModel;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// The container image starts: deploy/Dockerfile's build is replayed from its own COPY lines (<see cref="ImageBuild"/>),
/// the published app is started with the runtime stage's ENV and ENTRYPOINT, and it must answer /health/ready — once
/// as the image runs by itself, once as deploy/k8s runs it, with runbooks and catalogue from ConfigMap mounts.
/// </summary>
public sealed class ContainerImageTests : IClassFixture<ContainerImageTests.Image>
{
    private const string AppPassword = "container-test-secret-7Qx";

    private readonly Image _image;

    public ContainerImageTests(Image image) => _image = image;

    [Fact]
    public async Task Image_built_from_the_Dockerfile_copies_starts_ready_with_its_runbooks_and_logs_json()
    {
        var build = await _image.BuildAsync();
        var environment = RuntimeEnvironment(build, out var baseAddress);
        // As the Dockerfile's header runs it: anonymous local mode is refused in Production, so credentials come in.
        environment["MicrosoftAppType"] = "SingleTenant";
        environment["MicrosoftAppId"] = "6b1d3c55-08a4-4c4e-9a53-2d2f6a0f1e77";
        environment["MicrosoftAppTenantId"] = "0f8e7a1c-4b0d-4d41-8d7e-3c5c3b7f2a10";
        environment["MicrosoftAppPassword"] = AppPassword;

        await using var app = await StartAsync(build, environment, baseAddress);
        var loaded = RunbooksLoaded(app.Output);
        Assert.Equal(Path.Combine(build.AppDirectory, "runbooks"), loaded.GetProperty("RunbooksPath").GetString());
        Assert.Equal(Directory.GetFiles(RepositoryRoot.Combine("runbooks"), "*.yaml").Count(f => !RunbookLoader.IsLanguageFile(f, out _, out _)), loaded.GetProperty("Count").GetInt32());
        Assert.Equal(Path.Combine(build.AppDirectory, "catalog", "services.yaml"), loaded.GetProperty("CatalogPath").GetString());
        Assert.True(loaded.GetProperty("Services").GetInt32() > 0, "the shipped catalogue has services");
        Assert.DoesNotContain(AppPassword, app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubernetes_pod_reads_runbooks_and_catalogue_from_its_ConfigMap_mounts_and_PostgreSQL()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("the Kubernetes route runs on PostgreSQL");
        var build = await _image.BuildAsync();
        var environment = RuntimeEnvironment(build, out var baseAddress);
        var config = DeployFilesTests.Yaml("configmap.yaml");
        foreach (var (key, value) in (YamlMappingNode)config["data"])
        {
            environment[key.ToString()] = Rooted(build.Root, value.ToString());
        }

        // The cluster's collector name would be looked up in DNS off this machine: no OTLP here.
        environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var container = (YamlMappingNode)((YamlSequenceNode)DeployFilesTests.Map(DeployFilesTests.Yaml("deployment.yaml"), "spec", "template", "spec")["containers"]).Children[0];
        foreach (var variable in ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>())
        {
            var name = variable["name"].ToString();
            if (variable.Children.TryGetValue(new YamlScalarNode("value"), out var literal) && !literal.ToString().Contains("$(", StringComparison.Ordinal))
            {
                environment[name] = literal.ToString();
            }
        }

        environment["Storage__Postgres__ConnectionString"] = database.ConnectionString;
        // No bot secret in the cluster: the workload identity webhook projects a federated token and names it here.
        var federatedToken = Path.Combine(build.Root, "var", "run", "secrets", "azure", "tokens", "azure-identity-token");
        Directory.CreateDirectory(Path.GetDirectoryName(federatedToken)!); // the full path above has a folder
        await File.WriteAllTextAsync(federatedToken, AppPassword);
        environment["AZURE_FEDERATED_TOKEN_FILE"] = federatedToken;
        environment["Admin__ApiKeys__0__Key"] = "container-test-admin-key-0123456789abcdef";

        // The kubelet's ConfigMap volume layout: the files in a timestamped folder, "..data" linking to it and one
        // link per key (kubectl create configmap helpdeskbot-runbooks --from-file=runbooks/, docs/deploy.md).
        var mounts = ConfigMapMounts(container, DeployFilesTests.Yaml("deployment.yaml"));
        Assert.True(mounts.ContainsKey("helpdeskbot-runbooks"), "deployment.yaml mounts the helpdeskbot-runbooks ConfigMap");
        Assert.True(mounts.ContainsKey("helpdeskbot-catalog"), "deployment.yaml mounts the helpdeskbot-catalog ConfigMap");
        var runbooks = Directory.GetFiles(RepositoryRoot.Combine("runbooks"), "*.yaml");
        MountConfigMap(ImageBuild.Under(build.Root, mounts["helpdeskbot-runbooks"]), runbooks);
        MountConfigMap(ImageBuild.Under(build.Root, mounts["helpdeskbot-catalog"]), [RepositoryRoot.Combine("catalog", "services.yaml")]);

        await using var app = await StartAsync(build, environment, baseAddress);
        var loaded = RunbooksLoaded(app.Output);
        Assert.Equal(environment["Runbooks__Path"], loaded.GetProperty("RunbooksPath").GetString());
        Assert.StartsWith(ImageBuild.Under(build.Root, mounts["helpdeskbot-runbooks"]), loaded.GetProperty("RunbooksPath").GetString(), StringComparison.Ordinal);
        // The ..data and timestamped folders hold the same files: each runbook is loaded once (its language files with it).
        Assert.Equal(runbooks.Count(f => !RunbookLoader.IsLanguageFile(f, out _, out _)), loaded.GetProperty("Count").GetInt32());
        Assert.Equal(environment["Catalog__Path"], loaded.GetProperty("CatalogPath").GetString());
        Assert.True(loaded.GetProperty("Services").GetInt32() > 0);
        Assert.DoesNotContain(AppPassword, app.Output, StringComparison.Ordinal);
    }

    /// <summary>The runtime stage's ENV, its absolute paths under the scratch root and its port a free one.</summary>
    private static Dictionary<string, string?> RuntimeEnvironment(ImageBuild build, out Uri baseAddress)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["DOTNET_NOLOGO"] = "1" };
        foreach (var (key, value) in build.Dockerfile.Runtime.Environment)
        {
            environment[key] = Rooted(build.Root, value);
        }

        Assert.Equal("http://+:8080", environment["ASPNETCORE_URLS"]);
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        baseAddress = new Uri($"http://127.0.0.1:{port}/");
        return environment;
    }

    private static async Task<ChildProcess> StartAsync(ImageBuild build, Dictionary<string, string?> environment, Uri baseAddress)
    {
        var runtime = build.Dockerfile.Runtime;
        Assert.Equal("./", runtime.Copies.Single(c => c.From is not null).Destination);
        var entrypoint = runtime.Entrypoint;
        var app = ChildProcess.Start(entrypoint[0], entrypoint.Skip(1), build.AppDirectory, environment);
        try
        {
            await app.WaitForHttpAsync(new Uri(baseAddress, "health/ready"), TimeSpan.FromSeconds(90));
            using var http = new HttpClient();
            using var ready = await http.GetAsync(new Uri(baseAddress, "health/ready"));
            Assert.True(ready.StatusCode == HttpStatusCode.OK, $"/health/ready answered {ready.StatusCode}:\n{app.Output}");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>The state of the "Runbooks loaded" entry of the JSON console log (every line must be JSON).</summary>
    private static JsonElement RunbooksLoaded(string output)
    {
        JsonElement? found = null;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var entry = JsonDocument.Parse(line);
            if (entry.RootElement.GetProperty("EventId").GetInt32() == 4013)
            {
                found = entry.RootElement.GetProperty("State").Clone();
            }
        }

        return found ?? throw new Xunit.Sdk.XunitException("no 'Runbooks loaded' entry in the log:\n" + output);
    }

    private static string Rooted(string root, string value) => value.StartsWith('/') ? ImageBuild.Under(root, value) : value;

    private static Dictionary<string, string> ConfigMapMounts(YamlMappingNode container, YamlMappingNode deployment)
    {
        var volumes = ((YamlSequenceNode)DeployFilesTests.Map(deployment, "spec", "template", "spec")["volumes"]).Children.Cast<YamlMappingNode>()
            .Where(v => v.Children.ContainsKey(new YamlScalarNode("configMap")))
            .ToDictionary(v => v["name"].ToString(), v => DeployFilesTests.Map(v, "configMap")["name"].ToString());
        return ((YamlSequenceNode)container["volumeMounts"]).Children.Cast<YamlMappingNode>()
            .Where(m => volumes.ContainsKey(m["name"].ToString()))
            .ToDictionary(m => volumes[m["name"].ToString()], m => m["mountPath"].ToString());
    }

    private static void MountConfigMap(string mountPath, IEnumerable<string> files)
    {
        var version = Path.Combine(mountPath, "..2026_11_30_04_00_00.000000001");
        Directory.CreateDirectory(version);
        foreach (var file in files)
        {
            File.Copy(file, Path.Combine(version, Path.GetFileName(file)));
        }

        File.CreateSymbolicLink(Path.Combine(mountPath, "..data"), Path.GetFileName(version));
        foreach (var file in files)
        {
            File.CreateSymbolicLink(Path.Combine(mountPath, Path.GetFileName(file)), Path.Combine("..data", Path.GetFileName(file)));
        }
    }

    /// <summary>The replayed build, run once for the class (a restore and publish take minutes on a small machine).</summary>
    public sealed class Image : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private ImageBuild? _build;

        internal async Task<ImageBuild> BuildAsync()
        {
            await _gate.WaitAsync();
            try
            {
                return _build ??= await ImageBuild.RunAsync();
            }
            finally
            {
                _gate.Release();
            }
        }

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        // xUnit disposes class fixtures through IAsyncLifetime, not IAsyncDisposable.
        public async ValueTask DisposeAsync()
        {
            if (_build is not null)
            {
                await _build.DisposeAsync();
            }

            _gate.Dispose();
        }
    }
}
