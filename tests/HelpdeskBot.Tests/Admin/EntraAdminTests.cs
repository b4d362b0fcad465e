using System.Net;
using HelpdeskBot.Admin;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Tests.Admin;

/// <summary>
/// Entra ID bearer tokens on every admin surface, validated against a fake tenant on loopback HTTPS (metadata and JWKS
/// fetched by the host's real JwtBearer handler): app roles named like a scope grant it, the admin role grants all, a
/// token that is not right in any way is 401, a valid token without the scope 403; no token reaches the log.
/// </summary>
public sealed class EntraAdminTests(EntraAdminHost host) : IClassFixture<EntraAdminHost>
{
    private static readonly (string Method, string Path)[] Surfaces =
    [
        ("GET", "api/dashboard"),
        ("GET", "api/tickets"),
        ("GET", "api/admin/outbox"),
        ("POST", "api/diagnoses"),
    ];

    private readonly List<string> _issued = [];

    [Fact]
    public async Task Role_dashboard_opens_the_dashboard_and_nothing_else()
    {
        var token = Token(["dashboard"]);
        using var client = host.Client();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/dashboard", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "GET", "api/tickets", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "GET", "api/admin/outbox", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "POST", "api/diagnoses", token));
        host.AssertNotLogged(_issued);
    }

    [Fact]
    public async Task Role_tickets_admin_opens_the_outbox_and_implies_tickets_read()
    {
        var token = Token(["tickets.admin"]);
        using var client = host.Client();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/admin/outbox", token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/tickets", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "GET", "api/dashboard", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "POST", "api/diagnoses", token));
    }

    [Fact]
    public async Task Role_diagnoses_runs_a_diagnosis_and_returns_its_json()
    {
        var token = Token(["diagnoses"]);
        using var client = host.Client();
        using var response = await client.SendAsync(host.Request("POST", "api/diagnoses", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"verdict\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "GET", "api/tickets", token));
    }

    [Fact]
    public async Task The_admin_role_opens_every_surface()
    {
        var token = Token(["HelpdeskBot.Admin"]);
        using var client = host.Client();

        foreach (var (method, path) in Surfaces)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, method, path, token));
        }

        host.AssertNotLogged(_issued);
    }

    [Fact]
    public async Task A_valid_token_without_roles_and_no_default_scopes_is_forbidden_everywhere()
    {
        var token = Token([]);
        using var client = host.Client();

        foreach (var (method, path) in Surfaces)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, method, path, token));
        }
    }

    [Fact]
    public async Task Roles_that_are_not_scopes_or_differ_in_case_grant_nothing()
    {
        var token = Token(["Dashboard", "helpdeskbot.admin", "tickets"]);
        using var client = host.Client();

        foreach (var (method, path) in Surfaces)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, method, path, token));
        }
    }

    public static TheoryData<string> BadTokens => new()
    {
        "wrong audience",
        "wrong issuer",
        "expired",
        "signed by a key not in the JWKS",
        "alg none",
        "not yet valid",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_on_every_surface_even_with_the_admin_role(string flaw)
    {
        var token = flaw switch
        {
            "wrong audience" => Token(["HelpdeskBot.Admin"], s => s.Audience = "api://some-other-api"),
            "wrong issuer" => Token(["HelpdeskBot.Admin"], s => s.Issuer = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"),
            // Beyond the default five minutes of clock skew.
            "expired" => Token(["HelpdeskBot.Admin"], s => (s.NotBeforeOffset, s.ExpiresOffset) = (TimeSpan.FromHours(-2), TimeSpan.FromMinutes(-10))),
            "not yet valid" => Token(["HelpdeskBot.Admin"], s => (s.NotBeforeOffset, s.ExpiresOffset) = (TimeSpan.FromMinutes(10), TimeSpan.FromHours(1))),
            "signed by a key not in the JWKS" => Token(["HelpdeskBot.Admin"], s => s.SignWithForeignKey = true),
            "alg none" => Token(["HelpdeskBot.Admin"], s => s.AlgorithmNone = true),
            "garbage" => Remember("eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2lnbmF0dXJl"),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw), flaw, "unknown case"),
        };
        if (flaw == "alg none")
        {
            Assert.Contains("\"alg\":\"none\"", System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token.Split('.')[0])), StringComparison.Ordinal);
        }

        using var client = host.Client();
        foreach (var (method, path) in Surfaces)
        {
            using var response = await client.SendAsync(host.Request(method, path, token));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }

        host.AssertNotLogged(_issued);
    }

    [Fact]
    public async Task No_token_is_401_and_offers_both_basic_and_bearer()
    {
        using var client = host.Client();
        foreach (var (method, path) in Surfaces)
        {
            using var response = await client.SendAsync(host.Request(method, path, null));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Fact]
    public async Task The_host_fetched_the_tenant_metadata_and_keys_over_https()
    {
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/dashboard", Token(["dashboard"])));

        Assert.StartsWith("https://127.0.0.1:", host.Authority.Authority, StringComparison.Ordinal);
        Assert.True(host.Authority.MetadataRequests >= 1);
        Assert.True(host.Authority.KeyRequests >= 1);
    }

    [Fact]
    public async Task Tokens_never_reach_the_log_whether_accepted_refused_or_forbidden()
    {
        using var client = host.Client();
        await StatusAsync(client, "GET", "api/dashboard", Token(["dashboard"]));
        await StatusAsync(client, "GET", "api/admin/outbox", Token(["dashboard"]));
        await StatusAsync(client, "GET", "api/dashboard", Token(["dashboard"], s => s.SignWithForeignKey = true));
        await StatusAsync(client, "GET", "api/dashboard", Token(["dashboard"], s => s.Audience = "api://else"));
        await StatusAsync(client, "GET", "api/dashboard", Token(["dashboard"], s => s.ExpiresOffset = TimeSpan.FromMinutes(-10)));

        // The refusals were logged (so the check below looks at real records), just without the token.
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Information && r.Category?.Contains("JwtBearer", StringComparison.Ordinal) == true);
        host.AssertNotLogged(_issued);
    }

    [Fact]
    public async Task A_refused_token_is_logged_with_the_reason_by_the_bots_own_category()
    {
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "GET", "api/dashboard", Token(["dashboard"], s => s.Audience = "api://not-the-bot")));

        // Event 6011 under the bot's category: production caps Microsoft.AspNetCore at Warning, this one still shows.
        var refused = host.Logs.GetSnapshot().Where(r => r.Id.Id == 6011 && r.Category == typeof(AdminAuthentication).FullName).ToList();
        Assert.Contains(refused, r => r.Message.Contains("SecurityTokenInvalidAudienceException", StringComparison.Ordinal) && r.Message.Contains("/api/dashboard", StringComparison.Ordinal));
        host.AssertNotLogged(_issued);
    }

    private string Token(string[] roles, Action<Testing.EntraTokenSpec>? configure = null) =>
        Remember(host.Authority.CreateToken(EntraHost.Audience, roles, configure));

    private string Remember(string token)
    {
        _issued.Add(token);
        return token;
    }

    private async Task<HttpStatusCode> StatusAsync(HttpClient client, string method, string path, string? token)
    {
        using var response = await client.SendAsync(host.Request(method, path, token));
        return response.StatusCode;
    }
}

/// <summary>Admin:Entra:DefaultScopes go to every valid token, roles or not; an invalid token still gets nothing.</summary>
public sealed class EntraDefaultScopesTests(EntraDefaultScopesHost host) : IClassFixture<EntraDefaultScopesHost>
{
    [Fact]
    public async Task A_token_without_roles_gets_the_default_scopes_and_only_those()
    {
        var token = host.Authority.CreateToken(EntraHost.Audience, []);
        using var client = host.Client();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/tickets", token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/dashboard", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "GET", "api/admin/outbox", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "POST", "api/diagnoses", token));
        host.AssertNotLogged([token]);
    }

    [Fact]
    public async Task A_role_adds_to_the_default_scopes()
    {
        var token = host.Authority.CreateToken(EntraHost.Audience, ["diagnoses"]);
        using var client = host.Client();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "POST", "api/diagnoses", token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/tickets", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "GET", "api/admin/outbox", token));
    }

    [Fact]
    public async Task Default_scopes_do_not_rescue_an_invalid_token()
    {
        var token = host.Authority.CreateToken(EntraHost.Audience, [], s => s.SignWithForeignKey = true);
        using var client = host.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "GET", "api/tickets", token));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "GET", "api/dashboard", token));
    }

    private async Task<HttpStatusCode> StatusAsync(HttpClient client, string method, string path, string token)
    {
        using var response = await client.SendAsync(host.Request(method, path, token));
        return response.StatusCode;
    }
}

/// <summary>The deprecated Diagnoses:Authority / Diagnoses:Audience still configure the Entra scheme, with a start-up warning.</summary>
public sealed class EntraDiagnosesAliasTests(EntraDiagnosesAliasHost host) : IClassFixture<EntraDiagnosesAliasHost>
{
    [Fact]
    public async Task A_token_with_role_diagnoses_still_runs_a_diagnosis()
    {
        var token = host.Authority.CreateToken(EntraHost.Audience, ["diagnoses"]);
        using var client = host.Client();

        using var ok = await client.SendAsync(host.Request("POST", "api/diagnoses", token));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var dashboard = await client.SendAsync(host.Request("GET", "api/dashboard", token));
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
        host.AssertNotLogged([token]);
    }

    [Fact]
    public async Task The_alias_still_refuses_a_token_for_another_audience()
    {
        var token = host.Authority.CreateToken("api://some-other-api", ["diagnoses"]);
        using var client = host.Client();

        using var response = await client.SendAsync(host.Request("POST", "api/diagnoses", token));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void The_deprecated_setting_is_named_at_start_up_with_its_replacement()
    {
        var warnings = host.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Id.Id == 6012).Select(r => r.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("Diagnoses:Authority/Audience are deprecated: set Admin:Entra:Authority and Admin:Entra:Audience", StringComparison.Ordinal));
    }
}

/// <summary>The deprecated Tickets:Api:Entra still configures the scheme: every token reads tickets, its AdminRole grants all.</summary>
public sealed class EntraTicketsAliasTests(EntraTicketsAliasHost host) : IClassFixture<EntraTicketsAliasHost>
{
    [Fact]
    public async Task Any_valid_token_reads_tickets_as_before_and_nothing_more()
    {
        var token = host.Authority.CreateToken(EntraHost.Audience, []);
        using var client = host.Client();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/tickets", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "GET", "api/admin/outbox", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "GET", "api/dashboard", token));
    }

    [Fact]
    public async Task The_legacy_admin_role_opens_the_outbox_and_the_default_admin_role_does_not()
    {
        using var client = host.Client();
        var legacy = host.Authority.CreateToken(EntraHost.Audience, [EntraTicketsAliasHost.LegacyAdminRole]);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/admin/outbox", legacy));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "GET", "api/dashboard", legacy));

        var other = host.Authority.CreateToken(EntraHost.Audience, ["HelpdeskBot.Admin"]);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "GET", "api/admin/outbox", other));
    }

    [Fact]
    public async Task Diagnoses_are_rate_limited_per_token_subject()
    {
        using var client = host.Client();
        var first = host.Authority.CreateToken(EntraHost.Audience, ["diagnoses"], s => s.Subject = "subject-rate-a");
        var again = host.Authority.CreateToken(EntraHost.Audience, ["diagnoses"], s => s.Subject = "subject-rate-a");
        var other = host.Authority.CreateToken(EntraHost.Audience, ["diagnoses"], s => s.Subject = "subject-rate-b");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "POST", "api/diagnoses", first));
        // A fresh token of the same subject shares the limit (one per minute here); another subject has its own.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(client, "POST", "api/diagnoses", again));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "POST", "api/diagnoses", other));
    }

    [Fact]
    public void The_deprecated_setting_is_named_at_start_up_with_its_replacement()
    {
        var warnings = host.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Id.Id == 6012).Select(r => r.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("Tickets:Api:Entra is deprecated: set Admin:Entra:Authority", StringComparison.Ordinal));
    }

    private async Task<HttpStatusCode> StatusAsync(HttpClient client, string method, string path, string token)
    {
        using var response = await client.SendAsync(host.Request(method, path, token));
        return response.StatusCode;
    }
}
