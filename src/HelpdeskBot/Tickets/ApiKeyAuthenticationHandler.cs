using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets;

/// <summary>
/// Authenticates agents' tools by the <c>X-Api-Key</c> header against <c>Tickets:Api:Keys</c> / <c>AdminKeys</c>
/// (compared in constant time). The key itself is never logged or echoed.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "HelpdeskBotApiKey";
    public const string Header = "X-Api-Key";
    public const string AdminRole = "HelpdeskBot.Admin";
    private readonly IOptionsMonitor<TicketsApiOptions> _api;

    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<TicketsApiOptions> api)
        : base(options, logger, encoder)
    {
        _api = api;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.ToString() is not { Length: > 0 } given)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var api = _api.CurrentValue;
        var admin = Matches(api.AdminKeys, given);
        if (!admin && !Matches(api.Keys, given))
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, admin ? "api-key (admin)" : "api-key") };
        if (admin)
        {
            claims.Add(new Claim(ClaimTypes.Role, AdminRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    private static bool Matches(List<string> keys, string given)
    {
        var givenBytes = Encoding.UTF8.GetBytes(given);
        var match = false;
        foreach (var key in keys.Where(k => k.Length > 0))
        {
            match |= CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), givenBytes);
        }

        return match;
    }
}
