using System.Diagnostics;
using System.Globalization;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.HelpDesk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using HelpdeskBot.Probes;
using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.Storage;
using HelpdeskBot.Tickets;
using HelpdeskBot.Tickets.Incidents;
using Npgsql;

namespace HelpdeskBot.Benchmarks;

/// <summary>
/// The help desk's side (issue 11 "Performance"), in-process with the product's registrations (Protocol, Probes,
/// Storage, Tickets, Conversations) against the loopback fake connector:
/// <list type="bullet">
/// <item><c>fanout [reporters=1000] [Section:Key=value …]</c>: resolve an incident of N reporters in N personal chats while the connector
/// enforces 50 calls per second per tenant (7 per thread) and answers 429 with Retry-After past it: how long the Resolve
/// answer took (the walk that tells the reporters runs in the background), when the walk had queued every message (its
/// flag cleared), when the last reporter's message was delivered; all told, all cards updated, none twice; the time
/// against the floor of 2 × N / 50 s, and the share of calls answered 429.</item>
/// <item><c>watch [incidents=1000] [failing|healthy]</c>: the incident watch over N open incidents for one simulated
/// hour on a fake clock (a round every Incidents:WatchPoll, as the hosted loop runs it): CPU time of the process and
/// rows written to PostgreSQL (<c>pg_stat_user_tables</c>), probes and connector calls.</item>
/// </list>
/// Storage: PostgreSQL from HB_BENCH_POSTGRES or HB_TEST_POSTGRES (a database hb_bench_&lt;guid&gt;, dropped after);
/// <c>fanout</c> runs on SQLite without it. The reporters and incidents are seeded straight into the stores
/// (tests/HelpdeskBot.Tests/HelpDesk/IncidentSeed.cs, compiled into this project too).
/// </summary>
internal static class HelpDeskBenchmark
{
    private const string Team = "19:bench-team@thread.tacv2";
    private const string Channel = "19:bench-escalations@thread.tacv2";
    private const string BotId = "28:bench-bot";

    public static async Task<int> RunAsync(string mode, string[] args)
    {
        var server = Environment.GetEnvironmentVariable("HB_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("HB_TEST_POSTGRES");
        if (mode == "watch" && server is null)
        {
            Console.Error.WriteLine("watch: set HB_BENCH_POSTGRES (or HB_TEST_POSTGRES) to a PostgreSQL server: rows written are read from pg_stat_user_tables.");
            return 2;
        }

        var database = server is null ? null : await BenchDatabase.CreateAsync(server);
        try
        {
            // Settings to try, e.g. Delivery:PacingMargin=00:00:00.100.
            var settings = args.Where(a => a.Contains('=', StringComparison.Ordinal)).Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => (string?)a[1]);
            args = args.Where(a => !a.Contains('=', StringComparison.Ordinal)).ToArray();
            return mode == "fanout"
                ? await FanOutAsync(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000, database, settings)
                : await WatchAsync(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000, args.Length < 2 || args[1] != "healthy", database!);
        }
        finally
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }
    }

    private static async Task<int> FanOutAsync(int reporters, BenchDatabase? database, Dictionary<string, string?> settings)
    {
        await using var connector = await FakeConnector.StartAsync();
        connector.EnforceRateLimits(TimeProvider.System, perThreadPerSecond: 7, perTenantPerSecond: 50, retryAfter: TimeSpan.FromSeconds(1));
        var sqlite = Path.Combine(Path.GetTempPath(), $"hb-fanout-{Guid.NewGuid():N}.db");
        using var host = await StartHostAsync(TimeProvider.System, database, sqlite, sitePort: null, settings);
        try
        {
            var incidentId = await IncidentSeed.SeedAsync(host.Services, connector.ServiceUrl, BotId, Team, Channel, new Uri("https://wiki.contoso.test/"), reporters, default);
            var chats = Enumerable.Range(0, reporters).Select(IncidentSeed.ChatOf).ToHashSet(StringComparer.Ordinal);
            static string ConversationOf(ConnectorRequest r) => r.Path.Split('/') is { Length: > 3 } parts ? parts[3] : "(new)";
            bool IsMessage(ConnectorRequest r) => r.Method == "POST" && (r.Text ?? string.Empty).StartsWith("The help desk has marked", StringComparison.Ordinal);
            bool IsCard(ConnectorRequest r) => r.Method == "PUT" && ConversationOf(r).StartsWith("a:reporter-", StringComparison.Ordinal);

            var desk = host.Services.GetRequiredService<IIncidentDesk>();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var started = TimeProvider.System.GetUtcNow();
            var wall = Stopwatch.StartNew();
            var result = await desk.ResolveAsync(incidentId, new HelpdeskAgent("bench-agent", "Bench Agent", "bench"), force: true, default);
            var resolvedIn = wall.Elapsed;
            var store = host.Services.GetRequiredService<IHelpdeskStore>();
            var done = TimeSpan.Zero;
            TimeSpan? walked = null;
            while (wall.Elapsed < TimeSpan.FromMinutes(10))
            {
                if (walked is null && !(await store.ListNotifyPendingAsync(10, default)).Contains(incidentId))
                {
                    walked = wall.Elapsed; // every reporter's card and message queued (to the poll's 200 ms)
                }

                var requests = connector.Requests;
                var told = requests.Where(r => r.Succeeded && IsMessage(r)).Select(ConversationOf).Distinct().Count();
                var cards = requests.Where(r => r.Succeeded && IsCard(r)).Select(ConversationOf).Distinct().Count();
                if (told >= reporters && cards >= reporters && walked is not null)
                {
                    done = requests.Where(r => r.Succeeded && (IsMessage(r) || IsCard(r))).Max(r => r.At) - started;
                    break;
                }

                await Task.Delay(200);
            }

            // Anything late (a second send of one message or card) would arrive now.
            await Task.Delay(TimeSpan.FromSeconds(5));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            var all = connector.Requests.Where(r => chats.Contains(ConversationOf(r))).ToList();
            var messages = all.Where(r => r.Succeeded && IsMessage(r)).GroupBy(ConversationOf).ToList();
            var cardUpdates = all.Where(r => r.Succeeded && IsCard(r)).GroupBy(ConversationOf).ToList();
            var throttled = all.Count(r => r.Status == 429);
            var lastTold = messages.Count == 0 ? TimeSpan.Zero : messages.Max(g => g.Min(r => r.At)) - started;
            var floor = TimeSpan.FromSeconds(2.0 * reporters / 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fanout: {reporters} reporters ({(database is null ? "SQLite" : "PostgreSQL")}), resolve answered in {resolvedIn.TotalMilliseconds:0} ms ({result.Outcome}); " +
                $"walk done (every message queued) at {walked?.TotalSeconds ?? double.NaN:0.0} s; last reporter told (message delivered) at {lastTold.TotalSeconds:0.0} s: " +
                $"{messages.Count} told ({messages.Count(g => g.Count() > 1)} twice), {cardUpdates.Count} cards updated ({cardUpdates.Count(g => g.Count() > 1)} twice) " +
                $"in {done.TotalSeconds:0.0} s = {done / floor:0.00}x the {floor.TotalSeconds:0} s floor (target <= 1.2x); " +
                $"{all.Count} calls, {throttled} answered 429 ({100.0 * throttled / Math.Max(1, all.Count):0.00} %, target < 1 %); " +
                $"CPU {cpu.TotalSeconds:0.0} s; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            return messages.Count == reporters && cardUpdates.Count == reporters && messages.All(g => g.Count() == 1) && cardUpdates.All(g => g.Count() == 1) ? 0 : 1;
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { sqlite, sqlite + "-wal", sqlite + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    private static async Task<int> WatchAsync(int incidents, bool failing, BenchDatabase database)
    {
        var probes = 0;
        await using var site = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            Interlocked.Increment(ref probes);
            ctx.Response.Headers.Server = "nginx/1.22.1";
            ctx.Response.StatusCode = failing ? 502 : 200;
            await ctx.Response.WriteAsync(failing ? "<html><head><title>502 Bad Gateway</title></head></html>" : "<html><head><title>ok</title></head></html>");
        }));
        await using var connector = await FakeConnector.StartAsync();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var poll = TimeSpan.FromSeconds(15); // Incidents:WatchPoll's default: the hosted loop's round
        using var host = await StartHostAsync(clock, database, sqlite: null, site.Port, new Dictionary<string, string?>
        {
            // The hosted loop waits a whole day on the fake clock; this driver runs its rounds at the default poll.
            ["Incidents:WatchPoll"] = "00:10:00",
            ["Incidents:TakeWithin"] = "7.00:00:00",
            ["Incidents:RemindAdminsAfter"] = "7.00:00:00",
        });
        try
        {
            for (var i = 0; i < incidents; i++)
            {
                await IncidentSeed.SeedAsync(host.Services, connector.ServiceUrl, BotId, Team, Channel, new Uri($"http://127.0.0.1:{site.Port}/s/{i}"), 1, default, targetKey: $"site-{i}.bench", firstReporter: i);
            }

            var watch = host.Services.GetRequiredService<IncidentWatch>();
            await Task.Delay(TimeSpan.FromSeconds(12)); // let every backend report its statistics (PGSTAT_IDLE_INTERVAL is 10 s)
            var rows0 = await database.RowsWrittenAsync();
            var calls0 = connector.Requests.Count;
            probes = 0;
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var checks = 0;
            for (var round = 0; round < TimeSpan.FromHours(1) / poll; round++)
            {
                clock.Advance(poll);
                checks += await watch.RunOnceAsync(default);
                // The card updates the round queued go out before the clock moves on.
                for (var settle = 0; settle < 100 && await host.Services.GetRequiredService<HelpdeskBot.Conversations.Delivery.IDeliveryStore>().CountByStateAsync(default) is var counts
                    && counts.GetValueOrDefault(HelpdeskBot.Conversations.Delivery.DeliveryState.InProgress) + counts.GetValueOrDefault(HelpdeskBot.Conversations.Delivery.DeliveryState.Pending) > 0; settle++)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(200));
                    await Task.Delay(20);
                }
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            wall.Stop();
            await Task.Delay(TimeSpan.FromSeconds(12));
            var rows = await database.RowsWrittenAsync() - rows0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"watch: {incidents} open incidents, site {(failing ? "failing (the watch backs off to 15 min)" : "healthy (checks stay at 2 min)")}, one simulated hour in {wall.Elapsed.TotalSeconds:0.0} s: " +
                $"{checks} checks, {probes} HTTP requests to the site, {connector.Requests.Count - calls0} connector calls, {rows} rows written (PostgreSQL, inserted + updated + deleted), " +
                $"CPU {cpu.TotalSeconds:0.0} s of this process (bot, probes, site and fake connector); per 1,000 incidents per hour: {rows * 1000.0 / incidents:0} rows, {cpu.TotalSeconds * 1000 / incidents:0.0} s CPU; " +
                $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>The product's registrations (what src/HelpdeskBot wires, without the web endpoints) on loopback only.</summary>
    private static async Task<IHost> StartHostAsync(TimeProvider clock, BenchDatabase? database, string? sqlite, int? sitePort, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        var all = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = database is null ? "Sqlite" : "Postgres",
            ["Storage:Postgres:ConnectionString"] = database?.ConnectionString,
            ["Storage:Sqlite:Path"] = sqlite,
            ["Probes:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Probes:AllowedPorts:0"] = (sitePort ?? 443).ToString(CultureInfo.InvariantCulture),
            ["Probes:Resolvers:0"] = "127.0.0.1:9",
            ["Probes:SystemResolver"] = "127.0.0.1:9",
            ["Probes:DnsTimeout"] = "00:00:00.200",
            ["Probes:HttpAttempts"] = "3",
            ["Probes:PerUserPerMinute"] = "0",
            ["Probes:PerTargetPerMinute"] = "0",
        };
        foreach (var (k, v) in settings)
        {
            all[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(all.Where(kv => kv.Value is not null));
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole();
        builder.Services.AddSingleton(clock);
        builder.Services.AddHelpdeskBotProtocol(builder.Configuration);
        builder.Services.AddHelpdeskBotProbes();
        builder.Services.AddHelpdeskBotStorage(builder.Configuration);
        builder.Services.AddHelpdeskBotTickets(builder.Configuration);
        builder.Services.AddHelpdeskBotConversations();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A throwaway PostgreSQL database and the rows written to it, from its statistics.</summary>
    private sealed class BenchDatabase(string server, string name, string connectionString) : IAsyncDisposable
    {
        public string ConnectionString => connectionString;

        public static async Task<BenchDatabase> CreateAsync(string server)
        {
            var name = "hb_bench_" + Guid.NewGuid().ToString("N");
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await create.ExecuteNonQueryAsync();
            }

            return new BenchDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        }

        public async Task<long> RowsWrittenAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint FROM pg_stat_user_tables", connection);
            return (long)(await read.ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
