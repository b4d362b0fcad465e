using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using HelpdeskBot.Observability;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Admin;

/// <summary>
/// Authentication of the dashboard and the admin APIs, shared by every area: an endpoint calls
/// <c>.RequireAuthorization(AdminAuthentication.Policy)</c>. A request carries one of the <c>Admin:ApiKeys</c>
/// either as <c>X-Api-Key</c> (scripts) or as the password of HTTP Basic (browsers prompt for it; the user name is
/// free, e.g. your name, for the access log). Stateless, so it works the same on every replica; use it over HTTPS only.
/// </summary>
internal static class AdminAuthentication
{
    public const string Scheme = "HelpdeskBotAdmin";
    public const string Policy = "HelpdeskBotAdmin";
    public const string ApiKeyHeader = "X-Api-Key";

    public static WebApplicationBuilder AddHelpdeskBotAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.SectionName)
            .Validate(
                o => o.ApiKeys.All(k => !string.IsNullOrWhiteSpace(k) && k.Trim().Length >= AdminOptions.MinimumKeyLength),
                $"Admin:ApiKeys: every key must be at least {AdminOptions.MinimumKeyLength} characters. Generate one with `openssl rand -base64 32` and set it as Admin__ApiKeys__0 in the environment or Key Vault.")
            .Validate(
                o => o.ApiKeys.Distinct(StringComparer.Ordinal).Count() == o.ApiKeys.Count,
                "Admin:ApiKeys lists the same key twice; give each admin or script its own key.")
            .ValidateOnStart();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminKeyHandler>(Scheme, displayName: "HelpdeskBot admin key", _ => { });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>True when <paramref name="presented"/> is one of <paramref name="keys"/>; time independent of where they differ.</summary>
    public static bool Matches(string presented, IReadOnlyList<string> keys)
    {
        // Comparing SHA-256 digests keeps the comparison fixed-length, so neither content nor length leaks by timing.
        Span<byte> given = stackalloc byte[32];
        Span<byte> expected = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), given);
        var match = false;
        foreach (var key in keys)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim()), expected);
            match |= CryptographicOperations.FixedTimeEquals(given, expected);
        }

        return match;
    }

    private sealed class AdminKeyHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory loggerFactory,
        UrlEncoder encoder,
        IOptionsMonitor<AdminOptions> admin)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
    {
        private readonly ILogger _log = loggerFactory.CreateLogger("HelpdeskBot.Admin");

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var (key, user) = ReadKey(Request);
            if (key is null)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var keys = admin.CurrentValue.ApiKeys;
            if (keys.Count == 0)
            {
                Log.NoAdminKeys(_log);
                return Task.FromResult(AuthenticateResult.Fail("no admin keys configured"));
            }

            if (!Matches(key, keys))
            {
                Log.AdminRefused(_log, "unknown key");
                return Task.FromResult(AuthenticateResult.Fail("unknown key"));
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, string.IsNullOrWhiteSpace(user) ? "admin" : user)], AdminAuthentication.Scheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AdminAuthentication.Scheme)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            // Browsers show their sign-in prompt for Basic; scripts see the header they can use instead.
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Basic realm=\"HelpdeskBot admin\", charset=\"UTF-8\"";
            Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }

        private static (string? Key, string? User) ReadKey(HttpRequest request)
        {
            if (request.Headers.TryGetValue(ApiKeyHeader, out var header) && !string.IsNullOrEmpty(header.ToString()))
            {
                return (header.ToString(), null);
            }

            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                return (null, null);
            }

            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? (null, null) : (decoded[(colon + 1)..], decoded[..colon]);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
    }
}
