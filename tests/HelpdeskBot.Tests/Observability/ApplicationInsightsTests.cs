using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Tickets.Outbox;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tests.Observability;

/// <summary>
/// With APPLICATIONINSIGHTS_CONNECTION_STRING set, the bot's spans, logs and metrics reach Application Insights
/// through the Azure Monitor distro: here a loopback fake of the ingestion API (POST /v2.1/track, newline-separated
/// JSON envelopes, gzip) named by the connection string's IngestionEndpoint and LiveEndpoint.
/// </summary>
public sealed class ApplicationInsightsTests : IAsyncLifetime
{
    private const string AdminKey = "app-insights-test-admin-key-0123456789abcdef";
    private readonly ConcurrentQueue<JsonNode> _envelopes = new();
    private LoopbackServer _ingestion = null!;
    private LoopbackServer _site = null!;

    static ApplicationInsightsTests()
    {
        // Outside App Service the exporter's SDK statistics ask the Azure VM metadata service (169.254.169.254) which
        // machine it runs on: a packet off loopback. Nothing here may send one (checked under unshare -n + strace).
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_SDKSTATS_DISABLED", "true");
    }

    public async ValueTask InitializeAsync()
    {
        _ingestion = await LoopbackServer.StartAsync(app => app.Run(ReceiveAsync));
        _site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.22.1";
            await ctx.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
        }));
        ConversationHost.AllowPort(_site.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _site.DisposeAsync();
        await _ingestion.DisposeAsync();
    }

    [Fact]
    public async Task Spans_with_the_case_and_ticket_logs_and_metrics_reach_the_ingestion_endpoint_without_secrets()
    {
        var endpoint = _ingestion.BaseAddress.ToString();
        var settings = new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=6c1f3b5e-2d4a-4f8b-9c0d-7e6f5a4b3c2d;IngestionEndpoint={endpoint};LiveEndpoint={endpoint}",
            // Since 1.6 the distro keeps at most 5 traces a second unless told otherwise; a case's burst of probe
            // spans would then drop the very span this test waits for, at random.
            ["OTEL_TRACES_SAMPLER"] = "microsoft.fixed_percentage",
            ["OTEL_TRACES_SAMPLER_ARG"] = "1.0",
            ["Admin:ApiKeys:0:Key"] = AdminKey,
            ["Admin:ApiKeys:0:Scopes:0"] = "dashboard",
        };
        string caseTicket;
        var host = await ConversationHost.StartAsync(settings: settings);
        try
        {
            await host.SayAsync($"I'm getting a 502 on {_site.BaseAddress}");
            var (ticketCard, _, _) = await host.WaitForCardAsync("Ticket HD-");
            caseTicket = System.Text.RegularExpressions.Regex.Match(ConversationHost.Json(ticketCard), @"HD-\d+").Value;
            // The dispatcher's span ends after the card update it sends; the batch exporter sends it within seconds.
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
            while (!_envelopes.Any(e => TicketOf(e) == caseTicket))
            {
                await Task.Delay(100, wait.Token);
            }
        }
        finally
        {
            // Stopping the host flushes every exporter.
            await host.DisposeAsync();
        }

        var all = _envelopes.ToList();
        var spans = all.Where(e => e["data"]?["baseType"]?.GetValue<string>() is "RequestData" or "RemoteDependencyData").ToList();
        Assert.NotEmpty(spans);
        var caseSpans = spans.Where(e => e["data"]!["baseData"]!["properties"]?[ConversationTelemetry.CaseId] is not null).ToList();
        Assert.NotEmpty(caseSpans);
        Assert.Contains(spans, e => TicketOf(e) == caseTicket);
        Assert.Contains(all, e => e["data"]?["baseType"]?.GetValue<string>() == "MessageData");
        Assert.Contains(all, e => e["data"]?["baseType"]?.GetValue<string>() == "MetricData");
        // The cloud role is the service name, and every envelope carries the connection string's key.
        Assert.All(all, e => Assert.Equal("6c1f3b5e-2d4a-4f8b-9c0d-7e6f5a4b3c2d", e["iKey"]?.GetValue<string>()));
        Assert.Contains(all, e => e["tags"]?["ai.cloud.role"]?.GetValue<string>() == "helpdeskbot");

        var text = string.Join('\n', all.Select(e => e.ToJsonString()));
        Assert.DoesNotContain("whole-host-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminKey, text, StringComparison.Ordinal);
        // No bearer credential (a JWT: three dot-separated base64url parts). The word alone may appear: ASP.NET Core's
        // "JwtBearer handler" names itself in its telemetry.
        Assert.DoesNotMatch(@"Bearer\s+[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+", text);
    }

    private static string? TicketOf(JsonNode envelope) => envelope["data"]?["baseData"]?["properties"]?[TicketsTelemetry.TicketNumber]?.GetValue<string>();

    private async Task ReceiveAsync(HttpContext context)
    {
        if (context.Request.Method != "POST" || !context.Request.Path.StartsWithSegments("/v2.1/track", StringComparison.Ordinal))
        {
            // Live Metrics pings: answer "nobody is watching".
            context.Response.Headers["x-ms-qps-subscribed"] = "false";
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        Stream body = context.Request.Body;
        if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        using var reader = new StreamReader(body, Encoding.UTF8);
        var count = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0 && JsonNode.Parse(line) is { } envelope)
            {
                _envelopes.Enqueue(envelope);
                count++;
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"itemsReceived\":{count},\"itemsAccepted\":{count},\"errors\":[]}}");
    }
}
