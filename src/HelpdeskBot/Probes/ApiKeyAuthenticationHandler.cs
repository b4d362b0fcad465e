using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes;

/// <summary>
/// X-Api-Key authentication. Keys are compared as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so neither the content nor the length of a key leaks through timing. The caller is named by a short digest of
/// its key, never by the key.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "DiagnosesApiKey";
    public const string HeaderName = "X-Api-Key";

    private readonly IOptionsMonitor<DiagnosesOptions> _diagnoses;

    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<DiagnosesOptions> diagnoses)
        : base(options, logger, encoder) => _diagnoses = diagnoses;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        Span<byte> presented = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(values[0]!), presented);
        Span<byte> candidate = stackalloc byte[32];
        var match = false;
        foreach (var key in _diagnoses.CurrentValue.ApiKeys)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(key), candidate);
            match |= CryptographicOperations.FixedTimeEquals(presented, candidate);
        }

        if (!match)
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid API key"));
        }

        var id = "apikey:" + Convert.ToHexStringLower(presented[..6]);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
