using System.Diagnostics;
using System.Globalization;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Storage;
using HelpdeskBot.Tickets.Escalations;
using Npgsql;

// Storage load driver: session (case) read/write latency and outbox throughput per engine, and two instances
// against one PostgreSQL compared with one. Prints Markdown for docs/benchmarks.md.
// Usage: dotnet run -c Release --project bench/HelpdeskBot.StorageBench -- [--engine sqlite|postgres|all] [--clicks N] [--rows N] [--workers N]
// PostgreSQL: HB_BENCH_POSTGRES or HB_TEST_POSTGRES (server connection string); a database hb_bench_<guid> is created and dropped.
var engine = Arg("--engine", "all");
var clicks = int.Parse(Arg("--clicks", "4000"), CultureInfo.InvariantCulture);
var rows = int.Parse(Arg("--rows", "4000"), CultureInfo.InvariantCulture);
var workers = int.Parse(Arg("--workers", "8"), CultureInfo.InvariantCulture);
var server = Environment.GetEnvironmentVariable("HB_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("HB_TEST_POSTGRES");

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; clicks={clicks}, outbox rows={rows}, workers={workers}");
Console.WriteLine();
Console.WriteLine("| engine | instances | case read p50 / p99 (ms) | case write p50 / p99 (ms) | clicks/s | outbox drain (rows/s) |");
Console.WriteLine("|---|---|---|---|---|---|");

if (engine is "sqlite" or "all")
{
    var folder = Directory.CreateTempSubdirectory("hb-bench-").FullName;
    try
    {
        var path = Path.Combine(folder, "bench.db");
        await RunAsync("SQLite", 1, async () => await HelpdeskBotStores.OpenSqliteAsync(path));
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

if (engine is "postgres" or "all")
{
    if (server is null)
    {
        Console.Error.WriteLine("PostgreSQL skipped: set HB_BENCH_POSTGRES (or HB_TEST_POSTGRES).");
        return 1;
    }

    foreach (var instances in new[] { 1, 2 })
    {
        var database = await CreateDatabaseAsync(server);
        try
        {
            await RunAsync("PostgreSQL", instances, async () => await HelpdeskBotStores.OpenPostgresAsync(database));
        }
        finally
        {
            await DropDatabaseAsync(server, database);
        }
    }
}

return 0;

async Task RunAsync(string name, int instanceCount, Func<Task<HelpdeskBotStores>> open)
{
    var instances = new List<HelpdeskBotStores>();
    for (var i = 0; i < instanceCount; i++)
    {
        instances.Add(await open());
    }

    try
    {
        var (read, write, clicksPerSecond) = await CasesAsync(instances);
        var drain = await OutboxAsync(instances);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {instanceCount} | {P(read, 0.50):F2} / {P(read, 0.99):F2} | {P(write, 0.50):F2} / {P(write, 0.99):F2} | {clicksPerSecond:F0} | {drain:F0} |"));
    }
    finally
    {
        foreach (var stores in instances)
        {
            await stores.DisposeAsync();
        }
    }
}

// A click: read the case, write the next version with its audit event (what the flow does per Adaptive Card action).
// `workers` concurrent users spread over the instances, each on its own 50 cases.
async Task<(List<double> Read, List<double> Write, double PerSecond)> CasesAsync(List<HelpdeskBotStores> instances)
{
    var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    const int CasesPerWorker = 50;
    for (var w = 0; w < workers; w++)
    {
        for (var c = 0; c < CasesPerWorker; c++)
        {
            var id = $"case-{w}-{c}";
            await instances[0].Cases.TryInsertAsync(
                new CaseRecord(id, "a:conv-" + w, "29:user-" + w, "wiki.contoso.com", CaseStatus.Open, State(0), 1, now, now),
                new CaseEvent(id, 1, "created", "{}", now), default);
        }
    }

    var reads = new List<double>[workers];
    var writes = new List<double>[workers];
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        var store = instances[w % instances.Count].Cases;
        reads[w] = [];
        writes[w] = [];
        for (var i = 0; i < clicks / workers; i++)
        {
            var id = $"case-{w}-{i % CasesPerWorker}";
            var started = Stopwatch.GetTimestamp();
            var current = (await store.GetAsync(id, default))!;
            reads[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var next = current with { StateJson = State(i), Version = current.Version + 1, UpdatedAt = now.AddSeconds(i) };
            started = Stopwatch.GetTimestamp();
            if (!await store.TryUpdateAsync(next, current.Version, new CaseEvent(id, next.Version, "answered", "{\"step\":\"hard-refresh\",\"answer\":\"still-broken\"}", next.UpdatedAt), null, default))
            {
                throw new InvalidOperationException("Each worker owns its cases: a version conflict here is a bug.");
            }

            writes[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    })));
    var seconds = total.Elapsed.TotalSeconds;
    var done = workers * (clicks / workers);
    return (reads.SelectMany(r => r).ToList(), writes.SelectMany(r => r).ToList(), done / seconds);
}

// Outbox drain: `rows` escalations queued, then 4 dispatcher loops per instance claim batches of 10 and complete them.
async Task<double> OutboxAsync(List<HelpdeskBotStores> instances)
{
    var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    await Task.WhenAll(Enumerable.Range(0, 8).Select(part => Task.Run(async () =>
    {
        for (var i = part; i < rows; i += 8)
        {
            await instances[0].Outbox.EnqueueAsync(Escalation($"esc-{i}", now), now, default);
        }
    })));

    var sent = 0;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(instances.SelectMany((stores, n) => Enumerable.Range(0, 4).Select(loop => Task.Run(async () =>
    {
        var owner = $"host-{n}-{loop}";
        while (true)
        {
            var batch = await stores.Outbox.ClaimAsync(owner, 10, TimeSpan.FromMinutes(2), now, default);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var entry in batch)
            {
                if (await stores.Outbox.CompleteAsync(entry.Id, owner, new TicketRef("embedded", "HD-" + entry.Id, null, null), now, default))
                {
                    Interlocked.Increment(ref sent);
                }
            }
        }
    }))));

    if (sent != rows)
    {
        throw new InvalidOperationException($"{sent} of {rows} escalations completed.");
    }

    return rows / total.Elapsed.TotalSeconds;
}

static string State(int step) =>
    $"{{\"runbook\":\"http-502\",\"step\":{step},\"answers\":[\"only-this-site\",\"still-broken\",\"still-broken\"],\"platform\":\"windows\",\"cardActivityId\":\"1700000000000\"}}";

static EscalationRequest Escalation(string id, DateTimeOffset at)
{
    var target = new ProbeTargetInfo("wiki.contoso.com", "https://wiki.contoso.com/", "wiki.contoso.com", 443, "https");
    var hop = new HopIdentity("nginx", "nginx", HopRole.Gateway, "its upstream is not answering", "Server: nginx", HopFault.Upstream);
    var diagnosis = new Diagnosis(target, at, TimeSpan.FromSeconds(1),
        new Verdict(VerdictKind.UpstreamFailing, 0.9, 502, hop, 3, 3, true),
        new DnsEvidence([new ResolverAnswer("system", ResolverOutcome.Ok, ["127.0.0.10"], [], TimeSpan.FromMilliseconds(2), null)], false),
        [new TcpEvidence("127.0.0.10", 443, TcpOutcome.Connected, TimeSpan.FromMilliseconds(1), null)],
        null,
        Enumerable.Range(1, 3).Select(n => new HttpAttemptEvidence(n, "direct", target.Url, 502, null,
            new PhaseTimings(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(36)),
            new Dictionary<string, string> { ["Server"] = "nginx" }, "502 Bad Gateway", "<html>502 Bad Gateway</html>", hop, [])).ToList(),
        null, null, []);
    return new EscalationRequest(id, "case-" + id, "wiki.contoso.com", 502, "502 Bad Gateway on wiki.contoso.com", "I'm getting a 502 on wiki.contoso.com",
        new Reporter("29:ada", "Ada", null, null, "tenant"), at, at, EscalationReason.ServerSideFault, diagnosis, [], "windows", "2", "3",
        new ServiceRoute("Wiki", "Collaboration", "Web", null), new ConversationLink(null, null));
}

static double P(List<double> samples, double quantile)
{
    samples.Sort();
    return samples.Count == 0 ? 0 : samples[Math.Clamp((int)Math.Ceiling(quantile * samples.Count) - 1, 0, samples.Count - 1)];
}

string Arg(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

static async Task<string> CreateDatabaseAsync(string server)
{
    var name = "hb_bench_" + Guid.NewGuid().ToString("N");
    await using (var connection = new NpgsqlConnection(server))
    {
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
    }

    return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 50 }.ConnectionString;
}

static async Task DropDatabaseAsync(string server, string database)
{
    NpgsqlConnection.ClearAllPools();
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)", connection);
    await drop.ExecuteNonQueryAsync();
}
