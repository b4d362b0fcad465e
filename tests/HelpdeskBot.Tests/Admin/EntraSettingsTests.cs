using HelpdeskBot.Configuration;
using HelpdeskBot.Hosting;
using HelpdeskBot.Tests.Shipping;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Tests.Admin;

/// <summary>
/// Entra settings JwtBearer cannot work with stop the start with a message naming the setting. Before, an http
/// authority made every admin request (API keys included) a 500 at request time, and a missing audience refused
/// every token without a word.
/// </summary>
public sealed class EntraSettingsTests
{
    [Theory]
    [InlineData("Admin:Entra:Authority", "http://127.0.0.1:9/tenant/v2.0", "Admin:Entra:Audience", "api://helpdeskbot", "Admin:Entra:Authority must be an https URL")]
    [InlineData("Admin:Entra:Authority", "login.microsoftonline.com/tenant/v2.0", "Admin:Entra:Audience", "api://helpdeskbot", "Admin:Entra:Authority must be an https URL")]
    [InlineData("Admin:Entra:Authority", "https://127.0.0.1:9/tenant/v2.0", "Admin:Entra:Audience", "", "Admin:Entra:Audience is required when Admin:Entra:Authority is set")]
    [InlineData("Diagnoses:Authority", "https://127.0.0.1:9/tenant/v2.0", "Diagnoses:Audience", " ", "Diagnoses:Audience is required when Diagnoses:Authority is set")]
    [InlineData("Diagnoses:Authority", "http://127.0.0.1:9/tenant/v2.0", "Diagnoses:Audience", "api://helpdeskbot", "Diagnoses:Authority must be an https URL")]
    public async Task An_unusable_entra_setting_stops_the_start_and_names_the_setting(string authorityKey, string authority, string audienceKey, string audience, string expected)
    {
        var failures = await StartupFailuresAsync(new Dictionary<string, string?> { [authorityKey] = authority, [audienceKey] = audience });
        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> StartupFailuresAsync(Dictionary<string, string?> settings)
    {
        var data = Directory.CreateTempSubdirectory("hb-entra-");
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
            EnvironmentName = "Development",
        });
        builder.Logging.ClearProviders();
        try
        {
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
