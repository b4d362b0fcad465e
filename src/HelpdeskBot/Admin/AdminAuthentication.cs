using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using HelpdeskBot.Observability;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Admin;

/// <summary>
/// The one authentication scheme of every admin surface (dashboard, ticket API and pages, outbox admin, diagnoses
/// API). A request carries one of the <c>Admin:ApiKeys</c> either as <c>X-Api-Key</c> (scripts) or as the password of
/// HTTP Basic (browsers prompt for it; the user name is free, e.g. your name, for the access log), or an Entra ID
/// bearer token when <c>Admin:Entra</c> is set. Each key or app role carries scopes (<see cref="AdminScopes"/>); an
/// endpoint calls <c>.RequireAuthorization(AdminScopes.Policy(scope))</c>. No credential or an unknown one: 401; a
/// valid one without the scope: 403. Stateless, so it works the same on every replica; use it over HTTPS only.
/// </summary>
internal static class AdminAuthentication
{
    public const string Scheme = "HelpdeskBotAdmin";
    public const string EntraScheme = "HelpdeskBotEntra";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The dashboard's policy (scope <c>dashboard</c>).</summary>
    public static readonly string Policy = AdminScopes.Policy(AdminScopes.Dashboard);

    public static WebApplicationBuilder AddHelpdeskBotAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .Configure<IConfiguration>((o, configuration) => AdminKeyRing.Read(configuration, o))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>, AdminScopeErrors>();
        builder.Services.AddHostedService<AdminDeprecationWarnings>();

        var entra = new AdminOptions();
        AdminKeyRing.Read(builder.Configuration, entra);
        var schemes = new List<string> { Scheme };
        var authentication = builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminKeyHandler>(Scheme, displayName: "HelpdeskBot admin key", _ => { });
        if (entra.Entra.IsConfigured)
        {
            var settings = entra.Entra;
            authentication.AddJwtBearer(EntraScheme, o =>
            {
                o.Authority = settings.Authority;
                o.Audience = settings.Audience;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.RoleClaimType = "roles";
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = c => AddEntraScopes(c, settings),
                    OnAuthenticationFailed = LogRefusedToken,
                };
            });
            schemes.Add(EntraScheme);
        }

        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var scope in AdminScopes.All)
        {
            authorization.AddPolicy(AdminScopes.Policy(scope), p => p.AddAuthenticationSchemes([.. schemes]).RequireAuthenticatedUser().RequireClaim(AdminScopes.ClaimType, scope));
        }

        return builder;
    }

    /// <summary>
    /// A refused bearer token is logged like a refused key (event 6011), by our category so production's
    /// <c>Microsoft.AspNetCore: Warning</c> does not hide it: the reason is the validation failure's type
    /// (e.g. SecurityTokenInvalidAudienceException), never the token or IdentityModel's message.
    /// </summary>
    private static Task LogRefusedToken(AuthenticationFailedContext context)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminAuthentication).FullName!);
        Log.AdminRefused(logger, $"Entra bearer token refused ({context.Exception.GetType().Name}) for {context.Request.Path}");
        return Task.CompletedTask;
    }

    /// <summary>App roles named like a scope grant it; the admin role grants all; DefaultScopes go to every valid token.</summary>
    private static Task AddEntraScopes(TokenValidatedContext context, AdminEntraOptions settings)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            return Task.CompletedTask;
        }

        var roles = identity.FindAll("roles").Select(c => c.Value).ToList();
        var scopes = roles.Contains(settings.AdminRole, StringComparer.Ordinal) ? AdminScopes.All : roles.Concat(settings.DefaultScopes);
        foreach (var scope in AdminScopes.Expand(scopes))
        {
            identity.AddClaim(new Claim(AdminScopes.ClaimType, scope));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The scopes of every key whose digest equals <paramref name="presentedDigest"/>, the SHA-256 of the presented key
    /// (a key listed twice while migrating gets both); empty when none matches. Time independent of where keys differ;
    /// each configured key's digest was computed once, when the settings were read.
    /// </summary>
    private static (IReadOnlySet<string> Scopes, string? Name) Match(byte[] presentedDigest, IReadOnlyList<AdminKey> keys)
    {
        // Comparing SHA-256 digests keeps the comparison fixed-length, so neither content nor length leaks by timing.
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        string? name = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presentedDigest, key.Digest))
            {
                scopes.UnionWith(key.Scopes);
                name ??= key.Name;
            }
        }

        return (scopes, name);
    }

    /// <summary>The per-entry scope errors, each naming its setting, in the start-up report.</summary>
    private sealed class AdminScopeErrors : IValidateOptions<AdminOptions>
    {
        public ValidateOptionsResult Validate(string? name, AdminOptions options)
        {
            var failures = new List<string>(options.Errors);
            // The deprecated per-area lists predate the length rule; they keep working (and are named at start-up).
            var keys = options.Keys.Where(k => !k.Legacy).ToList();
            foreach (var key in keys.Where(k => k.Key.Length < AdminOptions.MinimumKeyLength))
            {
                failures.Add($"Admin:ApiKeys: every key must be at least {AdminOptions.MinimumKeyLength} characters ({key.Setting} has {key.Key.Length}). Generate one with `openssl rand -base64 32` and set it as {key.Setting.Replace(":", "__", StringComparison.Ordinal)}__Key in the environment or Key Vault.");
            }

            foreach (var twice in keys.GroupBy(k => k.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                failures.Add($"Admin:ApiKeys lists the same key twice ({string.Join(", ", twice.Select(k => k.Setting))}); give each admin or script its own key.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }

    /// <summary>Names each deprecated setting in use and the setting that replaces it, once at start-up.</summary>
    private sealed class AdminDeprecationWarnings(IOptions<AdminOptions> options, ILogger<AdminDeprecationWarnings> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var message in options.Value.Deprecations)
            {
                Log.AdminSettingDeprecated(logger, message);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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

            var keys = admin.CurrentValue.Keys;
            if (keys.Count == 0)
            {
                Log.NoAdminKeys(_log);
                return Task.FromResult(AuthenticateResult.Fail("no admin keys configured"));
            }

            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            var (scopes, name) = Match(digest, keys);
            if (name is null)
            {
                Log.AdminRefused(_log, "unknown key");
                return Task.FromResult(AuthenticateResult.Fail("unknown key"));
            }

            // Named by the key's Name (or the Basic user name), and identified for rate limits by a short digest: never the key.
            var id = "apikey:" + Convert.ToHexStringLower(digest.AsSpan(0, 6));
            var claims = new List<Claim>
            {
                new(ClaimTypes.Name, string.IsNullOrWhiteSpace(user) ? name : user),
                new(ClaimTypes.NameIdentifier, id),
            };
            claims.AddRange(scopes.Select(s => new Claim(AdminScopes.ClaimType, s)));
            var identity = new ClaimsIdentity(claims, AdminAuthentication.Scheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AdminAuthentication.Scheme)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            // Browsers show their sign-in prompt for Basic; scripts see the header they can use instead.
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.Append("WWW-Authenticate", "Basic realm=\"HelpdeskBot admin\", charset=\"UTF-8\"");
            Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        {
            Log.AdminRefused(_log, "the key lacks the scope for " + Request.Path);
            Response.StatusCode = StatusCodes.Status403Forbidden;
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
