using HelpdeskBot.Tests.Shipping;

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
        var failures = await ConfigurationTests.StartupFailuresAsync(new Dictionary<string, string?> { [authorityKey] = authority, [audienceKey] = audience });
        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
    }
}
