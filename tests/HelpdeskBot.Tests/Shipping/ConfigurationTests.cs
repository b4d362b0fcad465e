using HelpdeskBot.Configuration;
using HelpdeskBot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>Each bad setting stops the start with a message naming the setting and the fix.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Dashboard:Days", "0", "Dashboard:Days must be between 1 and 90")]
    [InlineData("Dashboard:MaxCases", "5", "Dashboard:MaxCases must be between 100 and 1000000")]
    [InlineData("Observability:OutboxBacklogInterval", "00:00:00", "Observability:OutboxBacklogInterval must be between 00:00:01 and 01:00:00")]
    [InlineData("Observability:Prometheus:Path", "metrics", "Observability:Prometheus:Path must be a path starting with /")]
    [InlineData("Admin:ApiKeys:0", "too-short", "Admin:ApiKeys: every key must be at least 32 characters")]
    [InlineData("Admin:ApiKeys:1:Key", "too-short", "Admin:ApiKeys: every key must be at least 32 characters")]
    [InlineData("Admin:ApiKeys:1:Scopes:0", "everything", "Admin:ApiKeys:1:Scopes: unknown scope 'everything'; use dashboard, tickets.read, tickets.admin, diagnoses.")]
    [InlineData("Admin:ApiKeys:1:Key", "a-key-with-no-scopes-0123456789abcdef", "Admin:ApiKeys:1:Scopes is empty")]
    [InlineData("Admin:Entra:DefaultScopes:0", "tickets", "Admin:Entra:DefaultScopes: unknown scope 'tickets'")]
    [InlineData("Storage:Provider", "Postgres", "Storage:Postgres:ConnectionString is required when Storage:Provider is Postgres")]
    [InlineData("Conversations:StatusListSize", "99", "Conversations:StatusListSize must be between 1 and 20")]
    [InlineData("Bot:Connector:AuthorityHost", "http://127.0.0.1:9", "Bot:Connector:AuthorityHost must use https")]
    [InlineData("KeyVault:Uri", "http://kv.contoso.com", "KeyVault:Uri must be the vault's https URL")]
    [InlineData("Observability:Prometheus:Enabled", "yes", "Observability:Prometheus:Enabled has a value that is not true or false")]
    public async Task A_bad_setting_stops_the_start_with_its_message(string key, string value, string expected)
    {
        var failures = await StartupFailuresAsync(new Dictionary<string, string?> { [key] = value });
        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_that_does_not_convert_hides_no_other_problem_of_its_section()
    {
        // The binder stops at the first value it cannot convert; the report still names the section's others.
        var failures = await StartupFailuresAsync(new Dictionary<string, string?>
        {
            ["Probes:DnsTimeout"] = "abc",
            ["Probes:HttpAttempts"] = "many",
            ["Probes:Resolvers:0"] = "not-an-ip",
            ["Probes:SystemResolver"] = "127.0.0.1:1",
        });

        Assert.Contains(failures, f => f.Contains("Probes:DnsTimeout has a value that is not a duration", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Probes:HttpAttempts has a value that is not a whole number", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Probes:Resolvers: 'not-an-ip' is not an IP address", StringComparison.Ordinal));
        Assert.Equal(3, failures.Count);
    }

    [Fact]
    public async Task In_Production_the_bot_refuses_anonymous_mode_and_a_missing_credential()
    {
        var anonymous = await StartupFailuresAsync(new Dictionary<string, string?>(), "Production");
        Assert.Contains(anonymous, f => f.Contains("MicrosoftAppId is not set and the environment is Production", StringComparison.Ordinal));
        var noSecret = await StartupFailuresAsync(new Dictionary<string, string?> { ["MicrosoftAppId"] = "5c1f0a51-8d2b-4f7e-9a3c-2b7e1d4c9f60" }, "Production");
        Assert.Contains(noSecret, f => f.Contains("MicrosoftAppId is set but no credential is", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_admin_key_twice_is_refused()
    {
        var failures = await StartupFailuresAsync(new Dictionary<string, string?> { ["Admin:ApiKeys:1"] = ShipHost.AdminKey });
        Assert.Contains(failures, f => f.Contains("Admin:ApiKeys lists the same key twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_Production_a_secret_in_a_settings_file_is_refused_and_the_variable_to_use_is_named()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hb-secret-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"MicrosoftAppPassword":"p@ss-in-a-file","Tickets":{"ServiceNow":{"Password":"x"}},"Storage":{"Sqlite":{"Path":"data/x.db"}}}""");
        try
        {
            // The bot's own credentials are complete (app id from the command line, as from the environment), so only
            // the secrets kept in the file are wrong.
            var failures = await StartupFailuresAsync(
                new Dictionary<string, string?> { ["MicrosoftAppId"] = "5c1f0a51-8d2b-4f7e-9a3c-2b7e1d4c9f60", ["MicrosoftAppType"] = "MultiTenant" },
                "Production",
                file);
            Assert.Contains(failures, f => f.Contains("MicrosoftAppPassword is set in", StringComparison.Ordinal) && f.Contains("set the environment variable MicrosoftAppPassword", StringComparison.Ordinal));
            Assert.Contains(failures, f => f.Contains("set the environment variable Tickets__ServiceNow__Password", StringComparison.Ordinal));
            Assert.DoesNotContain(failures, f => f.Contains("p@ss-in-a-file", StringComparison.Ordinal));
            Assert.DoesNotContain(failures, f => f.Contains("Storage:Sqlite:Path", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task In_Development_the_same_file_is_allowed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hb-secret-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"Tickets":{"ServiceNow":{"Password":"dev-only"}}}""");
        try
        {
            await using var host = new ShipHost(jsonFile: file);
            using var client = host.Client();
            Assert.True((await client.GetAsync("health/live")).IsSuccessStatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_sample_settings_start_the_bot()
    {
        var data = Directory.CreateTempSubdirectory("hb-sample-");
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = ["--urls=http://127.0.0.1:0", $"--Storage:Sqlite:Path={Path.Combine(data.FullName, "helpdeskbot.db")}"],
                EnvironmentName = "Development",
            });
            builder.Configuration.AddJsonFile(RepositoryRoot.Combine("appsettings.sample.json"), optional: false);
            builder.Logging.ClearProviders();
            builder.AddHelpdeskBot();
            await using var app = builder.Build();
            app.MapHelpdeskBot();
            await app.StartAsync();
            await app.StopAsync();
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("MicrosoftAppPassword", "x", true)]
    [InlineData("MicrosoftAppCertificate", "MIIK…", true)]
    [InlineData("MicrosoftAppFederatedTokenFile", "/var/run/secrets/azure/tokens/azure-identity-token", false)]
    [InlineData("Tickets:Jira:ApiToken", "x", true)]
    [InlineData("Admin:ApiKeys:0", "x", true)]
    [InlineData("Admin:ApiKeys:0:Key", "x", true)]
    [InlineData("Admin:ApiKeys:0:Name", "ops", false)]
    [InlineData("Tickets:Api:AdminKeys:0", "x", true)]
    [InlineData("Tickets:Zendesk:ClientSecret", "x", true)]
    [InlineData("Storage:Postgres:ConnectionString", "Host=db;Password=x", true)]
    [InlineData("Storage:Postgres:ConnectionString", "Host=db;Username=u", false)]
    [InlineData("Tickets:Jira:TokenUrl", "https://x", false)]
    [InlineData("MicrosoftAppId", "00000000-0000-0000-0000-000000000000", false)]
    public void Secret_settings_are_recognised_by_name(string key, string value, bool secret) =>
        Assert.Equal(secret, SecretSourcePolicy.IsSecret(key, value));

    [Fact]
    public void Startup_summary_lists_every_failure_once()
    {
        var exception = new AggregateException(
            new Microsoft.Extensions.Options.OptionsValidationException("a", typeof(object), ["Dashboard:Days must be between 1 and 90 (default 7).", "x"]),
            new Microsoft.Extensions.Options.OptionsValidationException("b", typeof(object), ["x"]));
        using var error = new StringWriter();
        Assert.True(StartupValidationReport.TryWrite(exception, error));
        var text = error.ToString();
        Assert.Contains("2 settings to fix", text, StringComparison.Ordinal);
        Assert.Contains("  - Dashboard:Days must be between 1 and 90", text, StringComparison.Ordinal);
        Assert.False(StartupValidationReport.TryWrite(new InvalidOperationException("other"), TextWriter.Null));
    }

    /// <summary>Builds and starts the bot exactly as Program.cs does, with <paramref name="settings"/> on its command line.</summary>
    internal static async Task<IReadOnlyList<string>> StartupFailuresAsync(Dictionary<string, string?> settings, string? environment = null, string? jsonFile = null)
    {
        var data = Directory.CreateTempSubdirectory("hb-config-");
        var all = new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(data.FullName, "helpdeskbot.db"),
            ["Admin:ApiKeys:0"] = ShipHost.AdminKey,
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray(),
            EnvironmentName = environment ?? "Development",
        });
        if (jsonFile is not null)
        {
            builder.Configuration.AddJsonFile(jsonFile, optional: false);
        }

        builder.Logging.ClearProviders();
        try
        {
            // As in Program.cs, a failure while wiring counts as well as one at start.
            var exception = await Record.ExceptionAsync(async () =>
            {
                builder.AddHelpdeskBot();
                await using var app = builder.Build();
                app.MapHelpdeskBot();
                await app.StartAsync();
                await app.StopAsync();
            });
            Assert.NotNull(exception);
            var failures = StartupValidationReport.Failures(exception);
            Assert.True(failures.Count > 0, exception.ToString());
            return failures;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
