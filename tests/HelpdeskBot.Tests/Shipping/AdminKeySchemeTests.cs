using System.Net;
using System.Net.Http.Json;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// One key scheme for every admin surface: <c>Admin:ApiKeys</c> entries with scopes. No key or an unknown key is 401,
/// a valid key without the endpoint's scope 403, the right scope 200; the old per-area settings still work, each
/// with a start-up warning naming its replacement; no key ever reaches the log.
/// </summary>
public sealed class AdminKeySchemeTests : IAsyncLifetime
{
    private const string DashboardKey = "dashboard-key-0123456789abcdefghijklmnopq";
    private const string AgentKey = "tickets-read-key-0123456789abcdefghijklmn";
    private const string OutboxKey = "tickets-admin-key-0123456789abcdefghijklm";
    private const string ProbeKey = "diagnoses-key-0123456789abcdefghijklmnopq";
    private const string LegacyTicketsKey = "legacy-agent-key-1";
    private const string LegacyDiagnosesKey = "legacy-diagnoses-key-1";

    private readonly FakeLogCollector _logs = new();
    private LoopbackServer _site = null!;
    private ShipHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _site = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("ok")));
        var port = _site.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _host = new ShipHost(
            new Dictionary<string, string?>
            {
                ["Admin:ApiKeys:1:Name"] = "ops-dashboard",
                ["Admin:ApiKeys:1:Key"] = DashboardKey,
                ["Admin:ApiKeys:1:Scopes:0"] = "dashboard",
                ["Admin:ApiKeys:2:Name"] = "agent-tool",
                ["Admin:ApiKeys:2:Key"] = AgentKey,
                ["Admin:ApiKeys:2:Scopes:0"] = "tickets.read",
                ["Admin:ApiKeys:3:Name"] = "outbox-admin",
                ["Admin:ApiKeys:3:Key"] = OutboxKey,
                ["Admin:ApiKeys:3:Scopes:0"] = "tickets.admin",
                ["Admin:ApiKeys:4:Name"] = "monitoring",
                ["Admin:ApiKeys:4:Key"] = ProbeKey,
                ["Admin:ApiKeys:4:Scopes:0"] = "diagnoses",
                ["Tickets:Api:Keys:0"] = LegacyTicketsKey,
                ["Diagnoses:ApiKeys:0"] = LegacyDiagnosesKey,
                ["Probes:AllowedNetworks:0"] = "127.0.0.0/8",
                ["Probes:AllowedPorts:0"] = port,
                ["Probes:Resolvers:0"] = "127.0.0.1:9",
                ["Probes:SystemResolver"] = "127.0.0.1:9",
                ["Probes:PerUserPerMinute"] = "0",
                ["Probes:PerTargetPerMinute"] = "0",
                ["Probes:HttpAttempts"] = "1",
            },
            services: s => s.AddLogging(b => b.AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Trace)));
        _host.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _site.DisposeAsync();
    }

    public static TheoryData<string, string, string, string> Endpoints => new()
    {
        // method, path, the key with the scope, a valid key without it
        { "GET", "api/dashboard", DashboardKey, AgentKey },
        { "GET", "api/tickets", AgentKey, DashboardKey },
        { "GET", "api/admin/outbox", OutboxKey, AgentKey },
        { "POST", "api/diagnoses", ProbeKey, OutboxKey },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_admin_endpoint_answers_401_without_a_key_403_without_its_scope_and_200_with_it(string method, string path, string right, string wrong)
    {
        using var client = _host.Client();

        using var none = await client.SendAsync(Request(method, path, null));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var unknown = await client.SendAsync(Request(method, path, "not-a-key-0123456789abcdefghijklmnopqrs"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        using var forbidden = await client.SendAsync(Request(method, path, wrong));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var ok = await client.SendAsync(Request(method, path, right));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        AssertNoKeyLogged();
    }

    [Fact]
    public async Task A_key_also_works_as_the_password_of_Basic_for_browsers()
    {
        using var client = _host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/dashboard");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ada:" + DashboardKey)));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Tickets_admin_implies_tickets_read()
    {
        using var client = _host.Client();
        using var response = await client.SendAsync(Request("GET", "api/tickets", OutboxKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Deprecated_per_area_keys_keep_their_old_reach_and_are_named_at_start_up()
    {
        using var client = _host.Client();
        using var tickets = await client.SendAsync(Request("GET", "api/tickets", LegacyTicketsKey));
        Assert.Equal(HttpStatusCode.OK, tickets.StatusCode);
        using var outbox = await client.SendAsync(Request("GET", "api/admin/outbox", LegacyTicketsKey));
        Assert.Equal(HttpStatusCode.Forbidden, outbox.StatusCode);
        using var diagnoses = await client.SendAsync(Request("POST", "api/diagnoses", LegacyDiagnosesKey));
        Assert.Equal(HttpStatusCode.OK, diagnoses.StatusCode);
        using var dashboard = await client.SendAsync(Request("GET", "api/dashboard", LegacyDiagnosesKey));
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);

        var warnings = _logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Id.Id == 6012).Select(r => r.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("Tickets:Api:Keys is deprecated: move each key to Admin:ApiKeys:N:Key with Admin:ApiKeys:N:Scopes = [tickets.read]", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("Diagnoses:ApiKeys is deprecated: move each key to Admin:ApiKeys:N:Key with Admin:ApiKeys:N:Scopes = [diagnoses]", StringComparison.Ordinal));
        // ShipHost's Admin:ApiKeys:0 is a bare key, the first form of the setting.
        Assert.Contains(warnings, m => m.Contains("Admin:ApiKeys:0 is a bare key (deprecated; it has every scope). Set Admin:ApiKeys:0:Key", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, m => m.Contains("Admin:ApiKeys:1", StringComparison.Ordinal));
        AssertNoKeyLogged();
    }

    private HttpRequestMessage Request(string method, string path, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { target = _site.BaseAddress.ToString() });
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    private void AssertNoKeyLogged()
    {
        var records = _logs.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var key in new[] { ShipHost.AdminKey, DashboardKey, AgentKey, OutboxKey, ProbeKey, LegacyTicketsKey, LegacyDiagnosesKey })
        {
            Assert.DoesNotContain(records, r => r.Message.Contains(key, StringComparison.Ordinal) || (r.StructuredState?.Any(s => s.Value?.Contains(key, StringComparison.Ordinal) == true) ?? false));
        }
    }
}
