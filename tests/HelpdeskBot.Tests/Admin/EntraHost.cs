using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HelpdeskBot.Admin;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Shipping;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Tests.Admin;

/// <summary>
/// The whole bot host trusting a <see cref="FakeEntraAuthority"/> on loopback HTTPS (its JwtBearer backchannel pins the
/// fake's certificate; HTTPS metadata stays required), a loopback site for <c>POST /api/diagnoses</c> to probe, and
/// every log record captured. Subclasses choose the Entra settings.
/// </summary>
public abstract class EntraHost : IAsyncLifetime
{
    public const string Audience = "api://helpdeskbot-admin";

    private LoopbackServer _site = null!;
    private ShipHost _host = null!;

    public FakeEntraAuthority Authority { get; private set; } = null!;

    public FakeLogCollector Logs { get; } = new();

    /// <summary>The Entra settings, given the fake's authority URL.</summary>
    protected abstract IDictionary<string, string?> EntraSettings(string authority);

    public async ValueTask InitializeAsync()
    {
        Authority = await FakeEntraAuthority.StartAsync();
        _site = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("ok")));
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Probes:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Probes:AllowedPorts:0"] = _site.Port.ToString(CultureInfo.InvariantCulture),
            ["Probes:Resolvers:0"] = "127.0.0.1:9",
            ["Probes:SystemResolver"] = "127.0.0.1:9",
            ["Probes:PerUserPerMinute"] = "0",
            ["Probes:PerTargetPerMinute"] = "0",
            ["Probes:HttpAttempts"] = "1",
        };
        foreach (var (key, value) in EntraSettings(Authority.Authority))
        {
            settings[key] = value;
        }

        _host = new ShipHost(settings, services: s =>
        {
            // The capture sees what the authentication handlers write too (appsettings caps Microsoft.AspNetCore at Warning).
            s.AddLogging(b => b.AddProvider(new FakeLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Trace).AddFilter<FakeLoggerProvider>("Microsoft.AspNetCore", LogLevel.Trace));
            // Configure (not PostConfigure): JwtBearer's own post-configuration builds the metadata client from this handler.
            s.Configure<JwtBearerOptions>(AdminAuthentication.EntraScheme, o => o.BackchannelHttpHandler = Authority.CreateBackchannelHandler());
        });
        _host.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _site.DisposeAsync();
        await Authority.DisposeAsync();
    }

    public HttpClient Client() => _host.Client();

    /// <summary>A request to an admin endpoint (POST /api/diagnoses gets a body naming the loopback site) with an optional bearer token.</summary>
    public HttpRequestMessage Request(string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { target = _site.BaseAddress.ToString() });
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>Neither a token nor its signature appears in any captured record (message or structured value).</summary>
    public void AssertNotLogged(IEnumerable<string> tokens)
    {
        var records = Logs.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var token in tokens)
        {
            var parts = token.Split('.');
            var secrets = new List<string> { token };
            if (parts.Length == 3 && parts[2].Length > 0)
            {
                secrets.Add(parts[2]);
            }

            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(records, r =>
                    r.Message.Contains(secret, StringComparison.Ordinal)
                    || (r.Exception?.ToString().Contains(secret, StringComparison.Ordinal) ?? false)
                    || (r.StructuredState?.Any(s => s.Value?.Contains(secret, StringComparison.Ordinal) == true) ?? false));
            }
        }
    }
}

/// <summary>Admin:Entra with the default admin role and no default scopes.</summary>
public sealed class EntraAdminHost : EntraHost
{
    protected override IDictionary<string, string?> EntraSettings(string authority) => new Dictionary<string, string?>
    {
        ["Admin:Entra:Authority"] = authority,
        ["Admin:Entra:Audience"] = Audience,
    };
}

/// <summary>Admin:Entra with DefaultScopes = [tickets.read, dashboard].</summary>
public sealed class EntraDefaultScopesHost : EntraHost
{
    protected override IDictionary<string, string?> EntraSettings(string authority) => new Dictionary<string, string?>
    {
        ["Admin:Entra:Authority"] = authority,
        ["Admin:Entra:Audience"] = Audience,
        ["Admin:Entra:DefaultScopes:0"] = "tickets.read",
        ["Admin:Entra:DefaultScopes:1"] = "dashboard",
    };
}

/// <summary>Only the deprecated Diagnoses:Authority / Diagnoses:Audience.</summary>
public sealed class EntraDiagnosesAliasHost : EntraHost
{
    protected override IDictionary<string, string?> EntraSettings(string authority) => new Dictionary<string, string?>
    {
        ["Diagnoses:Authority"] = authority,
        ["Diagnoses:Audience"] = Audience,
    };
}

/// <summary>Only the deprecated Tickets:Api:Entra (with its own admin role), and one diagnosis per caller per minute.</summary>
public sealed class EntraTicketsAliasHost : EntraHost
{
    public const string LegacyAdminRole = "Tickets.Administrator";

    protected override IDictionary<string, string?> EntraSettings(string authority) => new Dictionary<string, string?>
    {
        ["Tickets:Api:Entra:Authority"] = authority,
        ["Tickets:Api:Entra:Audience"] = Audience,
        ["Tickets:Api:Entra:AdminRole"] = LegacyAdminRole,
        ["Diagnoses:PermitsPerMinute"] = "1",
    };
}
