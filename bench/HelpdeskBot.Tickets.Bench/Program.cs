using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using HelpdeskBot.Storage;
using HelpdeskBot.Tickets;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project bench/HelpdeskBot.Tickets.Bench -- [count] [Embedded|ServiceNow]
// Queues <count> escalations (distinct targets: one ticket each, the worst case), then starts the dispatcher
// and measures the time until every row is Sent. ServiceNow runs against a loopback Kestrel fake of the Table API.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var provider = args.Length > 1 ? args[1] : "Embedded";
var database = Path.Combine(Path.GetTempPath(), "hb-tickets-bench", Guid.NewGuid().ToString("N") + ".db");
Directory.CreateDirectory(Path.GetDirectoryName(database)!);

await using var fake = provider == "ServiceNow" ? await FakeServiceNow.StartAsync() : null;
var settings = new Dictionary<string, string?>
{
    ["Storage:Sqlite:Path"] = database,
    ["Tickets:Provider"] = provider,
    ["Tickets:Outbox:Enabled"] = "false",
};
if (fake is not null)
{
    settings["Tickets:ServiceNow:BaseUrl"] = fake.BaseAddress;
    settings["Tickets:ServiceNow:Username"] = "bench";
    settings["Tickets:ServiceNow:Password"] = "bench-password";
}

// 1. Queue the backlog with the dispatcher off.
long emptyBytes;
using (var queueHost = Build(settings))
{
    await queueHost.StartAsync();
    emptyBytes = SizeAfterCheckpoint(database);
    // Outbox rows as a case's escalation writes them (the dispatcher is off: nobody to wake).
    var backlog = queueHost.Services.GetRequiredService<IOutboxStore>();
    var queuedAt = queueHost.Services.GetRequiredService<TimeProvider>();
    for (var i = 0; i < count; i++)
    {
        await backlog.EnqueueAsync(Escalation(i), queuedAt.GetUtcNow(), CancellationToken.None);
    }

    await queueHost.StopAsync();
}

var queuedBytes = SizeAfterCheckpoint(database);

// 2. Start a host with the dispatcher on and time the drain.
settings["Tickets:Outbox:Enabled"] = "true";
using var host = Build(settings);
var outbox = host.Services.GetRequiredService<IOutboxStore>();
var clock = Stopwatch.StartNew();
await host.StartAsync();
int sent;
while ((sent = (await outbox.CountByStateAsync(CancellationToken.None)).GetValueOrDefault(OutboxState.Sent)) < count)
{
    await Task.Delay(50);
}

clock.Stop();
await host.StopAsync();
var drainedBytes = SizeAfterCheckpoint(database);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"provider={provider} escalations={count} drain={clock.Elapsed.TotalSeconds:0.00}s rate={count / clock.Elapsed.TotalSeconds:0}/s " +
    $"store: queued {(queuedBytes - emptyBytes) / (double)count:0} B/escalation, after dispatch {(drainedBytes - emptyBytes) / (double)count:0} B/escalation " +
    $"(outbox row + incident + {(provider == "Embedded" ? "embedded ticket" : "no local ticket")}); provider requests={fake?.Requests ?? 0}"));
return 0;

static IHost Build(Dictionary<string, string?> settings)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(settings);
    builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
    builder.Services.AddHelpdeskBotStorage(builder.Configuration);
    builder.Services.AddHelpdeskBotTickets(builder.Configuration);
    return builder.Build();
}

static long SizeAfterCheckpoint(string path)
{
    using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
    {
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    return new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
}

static EscalationRequest Escalation(int i)
{
    var at = new DateTimeOffset(2026, 11, 25, 9, 58, 0, TimeSpan.Zero);
    var target = $"app{i}.contoso.com";
    return new EscalationRequest(
        $"esc-bench-{i:D6}", $"case-{i:D6}", target, 502, $"502 Bad Gateway on {target}", $"I'm getting a 502 on {target}",
        new Reporter($"29:user{i}", $"User {i}", Guid.NewGuid().ToString(), $"user{i}@contoso.com", "tenant-1"),
        at, at.AddMinutes(2), EscalationReason.ServerSideFault, null,
        [new StepRecord("hard-refresh", "Hard refresh", "still-broken", "Still broken", at.AddMinutes(1))],
        "windows", "high", "medium", new ServiceRoute("Wiki", "Collaboration", "Web", "Collab-L2"),
        new ConversationLink("tenant-1", null));
}

/// <summary>The Table API calls the provider makes (lookup by correlation_id, create), answered from memory.</summary>
internal sealed class FakeServiceNow : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject> _byCorrelation = new();
    private int _requests;
    private int _number;

    private FakeServiceNow(WebApplication app) => _app = app;

    public string BaseAddress { get; private set; } = string.Empty;

    public int Requests => _requests;

    public static async Task<FakeServiceNow> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeServiceNow(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref fake._requests);
            await next(context);
        });
        app.MapGet("/api/now/table/incident", (HttpContext c) =>
        {
            var id = c.Request.Query["sysparm_query"].ToString()["correlation_id=".Length..];
            return Results.Json(new JsonObject { ["result"] = fake._byCorrelation.TryGetValue(id, out var r) ? new JsonArray(r.DeepClone()) : new JsonArray() });
        });
        app.MapPost("/api/now/table/incident", async (HttpContext c) =>
        {
            var body = (await JsonNode.ParseAsync(c.Request.Body))!;
            var record = new JsonObject
            {
                ["sys_id"] = Guid.NewGuid().ToString("N"),
                ["number"] = "INC" + Interlocked.Increment(ref fake._number).ToString("D7", CultureInfo.InvariantCulture),
                ["short_description"] = body["short_description"]!.GetValue<string>(),
                ["state"] = "1",
            };
            fake._byCorrelation[body["correlation_id"]!.GetValue<string>()] = record;
            return Results.Json(new JsonObject { ["result"] = record.DeepClone() }, statusCode: 201);
        });
        await app.StartAsync();
        fake.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
