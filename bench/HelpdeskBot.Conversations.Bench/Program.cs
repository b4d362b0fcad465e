// Load driver for the conversation (docs/benchmarks.md "## Conversations"). Everything on loopback:
//   - a fake Bot Connector (Kestrel) that timestamps every card it receives,
//   - a healthy loopback "site" for the probes,
//   - the real bot process (HelpdeskBot.dll, anonymous local mode, SQLite in a temp file).
// Measures: report → acknowledgement card at the connector, p50/p99, at a fixed arrival rate (open loop);
// report → diagnosis card for a healthy site; the bot's CPU per report (until every report's diagnosis card has
// arrived); SQLite bytes per case.
// Usage (from the repository root, after `dotnet build -c Release src/HelpdeskBot`):
//   dotnet run -c Release --project bench/HelpdeskBot.Conversations.Bench -- [rate=500] [seconds=10] [path/to/HelpdeskBot.dll]
// The reports are spread over tenants at most 10/s each (`--tenant-rate N` to change it): deliveries are paced to 50/s per
// tenant, as Teams requires, and a report sends up to two cards (acknowledgement, diagnosis), so at 10/s the pacing never
// holds a card back and the figure is the bot's; one tenant at 500/s measured the pacing. The warm-up's cards have all
// arrived before the load starts.
// Mixed mode (issue 12): half the reports about one target, half about 300 different targets, spread over tenants
// (deliveries are paced to 50/s per tenant, as Teams requires); every report must reach its diagnosis card:
//   dotnet run -c Release --project bench/HelpdeskBot.Conversations.Bench -- mixed [rate=300] [seconds=60] [path/to/HelpdeskBot.dll]
// Either mode takes `--locale de-DE` (or fr-FR, es-ES, pt-BR, ja-JP): the reports are written in that language and carry
// that locale, and the cards are recognised by that language's catalogue texts (issue 16: choosing a language must not
// cost the acknowledgement path).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

var tenantRateAt = Array.IndexOf(args, "--tenant-rate");
var tenantRate = tenantRateAt >= 0 && tenantRateAt + 1 < args.Length ? int.Parse(args[tenantRateAt + 1], CultureInfo.InvariantCulture) : 10;
args = tenantRateAt >= 0 ? [.. args[..tenantRateAt], .. args[Math.Min(args.Length, tenantRateAt + 2)..]] : args;
var localeAt = Array.IndexOf(args, "--locale");
var locale = localeAt >= 0 && localeAt + 1 < args.Length ? args[localeAt + 1] : null;
args = localeAt >= 0 ? [.. args[..localeAt], .. args[Math.Min(args.Length, localeAt + 2)..]] : args;
var language = locale is null ? "en" : locale.StartsWith("pt", StringComparison.OrdinalIgnoreCase) ? "pt-BR" : locale[..2].ToLowerInvariant();
// A report as people write it in each language (phrasings from the understanding corpora).
string ReportText(string target) => language switch
{
    "de" => $"Ich bekomme einen 502 auf {target}",
    "fr" => $"J'ai une erreur 502 sur {target}",
    "es" => $"Me sale un error 502 en {target}",
    "pt-BR" => $"Estou recebendo um erro 502 em {target}",
    "ja" => $"{target} で 502 エラーが出ます",
    "en" => $"I'm getting a 502 on {target}",
    _ => throw new ArgumentException($"--locale {locale}: the bot ships en, de, fr, es, pt-BR and ja"),
};

// The catalogue's text after "{0}" in the given key, as the bot's JSON carries it (raw, or escaped by System.Text.Json).
byte[][] Markers(string key)
{
    var file = language == "en" ? "Texts.resx" : $"Texts.{language}.resx";
    var resx = System.Xml.Linq.XDocument.Load(Path.Combine("src/HelpdeskBot.Conversations/Localization", file));
    var value = resx.Root!.Elements("data").Single(d => (string?)d.Attribute("name") == key).Element("value")!.Value;
    var tail = value[(value.IndexOf("{0}", StringComparison.Ordinal) + 3)..].Trim();
    var escaped = System.Text.Json.JsonSerializer.Serialize(tail)[1..^1];
    return [Encoding.UTF8.GetBytes(tail), Encoding.UTF8.GetBytes(escaped)];
}

var mixed = args.Length > 0 && args[0] == "mixed";
args = mixed ? args[1..] : args;
var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : mixed ? 300 : 500;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : mixed ? 60 : 10;
var dll = args.Length > 2 ? args[2] : Path.GetFullPath("src/HelpdeskBot/bin/Release/net10.0/HelpdeskBot.dll");

var acks = new ConcurrentDictionary<string, long>();
var diagnoses = new ConcurrentDictionary<string, long>();
// The fake connector looks for the cards' marker text in the raw bytes: a JSON DOM per request would make the
// driver, which shares the 2 cores with the bot, part of what is measured.
var cardMarker = Encoding.UTF8.GetBytes("application/vnd.microsoft.card.adaptive");
var diagnosisMarkers = Markers("EvidenceHealthy");
// The acknowledgement ("Checking … from our servers…"); any later card of a conversation is its diagnosis.
var checkingMarkers = Markers("CheckingTarget");
var finals = new ConcurrentDictionary<string, long>();
var okBody = Encoding.UTF8.GetBytes("{\"id\":\"1\"}");
await using var connector = await StartAsync(app => app.Map("/v3/{**rest}", async (HttpContext ctx) =>
{
    var now = Stopwatch.GetTimestamp();
    using var buffer = new MemoryStream();
    await ctx.Request.Body.CopyToAsync(buffer);
    var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
    var conversation = ctx.Request.Path.Value!.Split('/')[3];
    // The acknowledgement is the conversation's first card, whatever it shows: with durable deliveries the
    // "Checking…" card and a diagnosis finished before it went out are sent as one card (the later state wins).
    if (body.IndexOf(cardMarker) >= 0)
    {
        acks.TryAdd(conversation, now);
    }

    if (body.IndexOf(diagnosisMarkers[0]) >= 0 || body.IndexOf(diagnosisMarkers[1]) >= 0)
    {
        diagnoses.TryAdd(conversation, now);
    }

    if (body.IndexOf(cardMarker) >= 0 && body.IndexOf(checkingMarkers[0]) < 0 && body.IndexOf(checkingMarkers[1]) < 0)
    {
        finals.TryAdd(conversation, now);
    }

    ctx.Response.ContentType = "application/json";
    await ctx.Response.Body.WriteAsync(okBody);
}));
await using var site = await StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<html><head><title>ok</title></head></html>")));

var db = Path.Combine(Path.GetTempPath(), $"hb-conv-bench-{Guid.NewGuid():N}.db");
var port = FreePort();
var psi = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
psi.Environment["Logging__LogLevel__Default"] = "Warning";
psi.Environment["Storage__Sqlite__Path"] = db;
psi.Environment["Probes__AllowedNetworks__0"] = "127.0.0.0/8";
psi.Environment["Probes__AllowedPorts__0"] = site.Port.ToString(CultureInfo.InvariantCulture);
psi.Environment["Probes__Resolvers__0"] = "127.0.0.1:9";
psi.Environment["Probes__SystemResolver"] = "127.0.0.1:9";
psi.Environment["Probes__DnsTimeout"] = "00:00:00.200";
psi.Environment["Probes__HttpAttempts"] = "3";

// Probe rate limits stay at their defaults (60 per target per minute). The load reports all name one site, as in an
// outage: they share probe runs (Conversations:SharedDiagnosisMaxAge), as real reports of one outage do.
using var bot = Process.Start(psi)!;
bot.OutputDataReceived += (_, _) => { };
bot.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[bot] " + e.Data); };
bot.BeginOutputReadLine();
bot.BeginErrorReadLine();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
for (var i = 0; ; i++)
{
    try
    {
        using var r = await http.GetAsync("health/live");
        if (r.IsSuccessStatusCode)
        {
            break;
        }
    }
    catch (HttpRequestException) when (i < 300)
    {
    }

    await Task.Delay(200);
}

string Report(string conversation, string text, string tenant = "t") => new JsonObject
{
    ["type"] = "message",
    ["id"] = "m-" + conversation,
    ["channelId"] = "msteams",
    ["serviceUrl"] = connector.BaseAddress,
    ["from"] = new JsonObject { ["id"] = "29:u-" + conversation, ["name"] = "Load User" },
    ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "HelpdeskBot" },
    ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal", ["tenantId"] = tenant },
    ["text"] = text,
    ["locale"] = locale ?? "en-US",
}.ToJsonString();

var answers = new ConcurrentDictionary<string, double>();
async Task<long> SendAsync(string conversation, string text, string tenant = "t")
{
    using var content = new StringContent(Report(conversation, text, tenant), Encoding.UTF8, "application/json");
    var t0 = Stopwatch.GetTimestamp();
    using var response = await http.PostAsync("api/messages", content);
    answers[conversation] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    response.EnsureSuccessStatusCode();
    return t0;
}

static double P(double[] xs, double p) => xs.Length == 0 ? double.NaN : xs[Math.Min(xs.Length - 1, (int)Math.Ceiling(p * xs.Length) - 1)];
long Rss() => File.ReadAllLines($"/proc/{bot.Id}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();

if (mixed)
{
    await MixedAsync();
    bot.Kill(entireProcessTree: true);
    await bot.WaitForExitAsync();
    SqliteConnection.ClearAllPools();
    foreach (var f in new[] { db, db + "-wal", db + "-shm" })
    {
        File.Delete(f);
    }

    return;
}

// Half the reports name one site (an outage), half one of 300 pages (a target each); tenants take at most 40/s each.
async Task MixedAsync()
{
    const int Targets = 300;
    var tenants = Math.Max(1, (rate + 39) / 40);
    var count = rate * seconds;

    // Warm-up (not measured): JIT tiers, SQLite's page cache and the pools reach steady state; RSS is read after it.
    var warm = Math.Min(1000, rate * 5);
    for (var i = 0; i < warm; i++)
    {
        await SendAsync($"a:warm-{i}", ReportText($"{site.BaseAddress}warm-{i % Targets}"), $"tenant-{i % tenants}");
    }

    for (var i = 0; i < 600 && finals.Count(kv => kv.Key.StartsWith("a:warm-", StringComparison.Ordinal)) < warm; i++)
    {
        await Task.Delay(100);
    }

    var rssBefore = Rss();
    var start = Stopwatch.GetTimestamp();
    var tasks = new List<Task>(count);
    var sentAt = new ConcurrentDictionary<string, long>();
    for (var i = 0; i < count;)
    {
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        for (var due = Math.Min(count, (int)(elapsed * rate) + 1); i < due; i++)
        {
            var c = $"a:mix-{i}";
            var target = i % 2 == 0 ? site.BaseAddress : $"{site.BaseAddress}page-{i / 2 % Targets}";
            var tenant = $"tenant-{i % tenants}";
            tasks.Add(Task.Run(async () => sentAt[c] = await SendAsync(c, ReportText(target), tenant)));
        }

        await Task.Delay(1);
    }

    await Task.WhenAll(tasks);
    var achieved = count / Stopwatch.GetElapsedTime(start).TotalSeconds;
    // Every report must reach its diagnosis card; the deliveries drain at 50/s per tenant.
    var patience = Stopwatch.GetTimestamp();
    while (finals.Count(kv => kv.Key.StartsWith("a:mix-", StringComparison.Ordinal)) < count && Stopwatch.GetElapsedTime(patience) < TimeSpan.FromMinutes(3))
    {
        await Task.Delay(200);
    }

    var drained = Stopwatch.GetElapsedTime(start).TotalSeconds;
    await Task.Delay(TimeSpan.FromSeconds(30));
    var rssAfter = Rss();
    var http99 = answers.Where(kv => kv.Key.StartsWith("a:mix-", StringComparison.Ordinal)).Select(kv => kv.Value).Order().ToArray();
    var ack = sentAt.Where(kv => acks.ContainsKey(kv.Key)).Select(kv => Stopwatch.GetElapsedTime(kv.Value, acks[kv.Key]).TotalMilliseconds).Order().ToArray();
    var final = sentAt.Where(kv => finals.ContainsKey(kv.Key)).Select(kv => Stopwatch.GetElapsedTime(kv.Value, finals[kv.Key]).TotalMilliseconds).Order().ToArray();
    var loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mixed: target {rate}/s × {seconds}s over {tenants} tenants (half one target, half {Targets} targets), achieved {achieved:0}/s; log level Warning"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"http answer: p50 {P(http99, 0.50):0.0} ms, p99 {P(http99, 0.99):0.0} ms, max {http99.LastOrDefault():0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"acknowledgement card: {ack.Length}/{count}, p50 {P(ack, 0.50):0.0} ms, p99 {P(ack, 0.99):0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"diagnosis card: {final.Length}/{count} (stuck {count - final.Length}), p50 {P(final, 0.50):0.0} ms, p99 {P(final, 0.99):0.0} ms; all delivered {drained:0} s after the start"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rss: before {rssBefore} MiB, 30 s after {rssAfter} MiB ({(rssAfter - rssBefore) * 100.0 / Math.Max(1, rssBefore):+0;-0} %); load average (1 min) {loadAverage}, {Environment.ProcessorCount} cores"));
}

// 1) Time to the diagnosis card, one report at a time, each probing afresh (first: the probes' per-target limit of 60/min is then not used up).
var diag = new List<double>();
for (var i = 0; i < 20; i++)
{
    var c = $"a:diag-{i}";
    // A page of its own per report: reports about one URL share a probe run (Conversations:SharedDiagnosisMaxAge).
    var t0 = await SendAsync(c, ReportText($"{site.BaseAddress}diag-{i}"));
    while (!diagnoses.ContainsKey(c))
    {
        await Task.Delay(2);
    }

    diag.Add(Stopwatch.GetElapsedTime(t0, diagnoses[c]).TotalMilliseconds);
}

// Open loop at a fixed arrival rate: sends are not held back by slow answers. Paced in 1 ms ticks (every report
// that is due goes out at each tick) rather than by spinning, which would take a core from the bot being measured.
// The latency clock starts when each request is sent.
var text = ReportText(site.BaseAddress.ToString());
var sent = new ConcurrentDictionary<string, long>();
var loadTenants = Math.Max(1, (rate + tenantRate - 1) / tenantRate);
async Task<double> LoadAsync(string prefix, int count)
{
    var tasks = new List<Task>(count);
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < count;)
    {
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        for (var due = Math.Min(count, (int)(elapsed * rate) + 1); i < due; i++)
        {
            var c = $"{prefix}{i}";
            var tenant = $"tenant-{i % loadTenants}";
            tasks.Add(Task.Run(async () => sent[c] = await SendAsync(c, text, tenant)));
        }

        await Task.Delay(1);
    }

    await Task.WhenAll(tasks);
    var achieved = count / Stopwatch.GetElapsedTime(start).TotalSeconds;
    for (var i = 0; i < 500 && acks.Count(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)) < count; i++)
    {
        await Task.Delay(20);
    }

    return achieved;
}

// Warm-up at the same rate, not measured: tiered JIT (tier-1 and PGO re-compilation of the hot path), SQLite's
// page cache and the connection pools reach steady state only after a few thousand reports.
var warmup = Math.Max(rate * 5, 1000);
await LoadAsync("a:warm-", warmup);
// The load starts once the warm-up's last cards have gone out: its backlog in the tenants' pacing would otherwise be
// measured as the load's acknowledgement latency.
var warmWait = Stopwatch.GetTimestamp();
while (diagnoses.Keys.Count(k => k.StartsWith("a:warm-", StringComparison.Ordinal)) < warmup && Stopwatch.GetElapsedTime(warmWait) < TimeSpan.FromMinutes(3))
{
    await Task.Delay(100);
}

var warmDrained = Stopwatch.GetElapsedTime(warmWait).TotalSeconds;
await Task.Delay(2000);

// 2) Acknowledgement latency at a fixed arrival rate.
var total = rate * seconds;
// CPU time is the figure the other builds on this shared machine disturb least: latency waits on them, CPU ms per report does not.
bot.Refresh();
var botCpu0 = bot.TotalProcessorTime;
var driverCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
var achieved = await LoadAsync("a:load-", total);
// The acknowledgements that arrived within LoadAsync's wait (as before the CPU wait below was added).
var latencies = sent.Where(kv => kv.Key.StartsWith("a:load-", StringComparison.Ordinal) && acks.ContainsKey(kv.Key)).Select(kv => Stopwatch.GetElapsedTime(kv.Value, acks[kv.Key]).TotalMilliseconds).Order().ToArray();
// The bot's CPU is read once it has done every report's work: each report's diagnosis card has arrived (the
// acknowledgements are paced at one tenant's 50/s, and on a busy machine the diagnoses lag the load), or after a
// timeout, said as such. Before this, the window ended 10 s after the load at the latest and could miss part of it.
var cpuWait = Stopwatch.GetTimestamp();
var cpuTimeout = TimeSpan.FromMinutes(5);
int Diagnosed() => diagnoses.Keys.Count(k => k.StartsWith("a:load-", StringComparison.Ordinal));
while (Diagnosed() < total && Stopwatch.GetElapsedTime(cpuWait) < cpuTimeout)
{
    await Task.Delay(100);
}

var diagnosed = Diagnosed();
var cpuWaited = Stopwatch.GetElapsedTime(cpuWait).TotalSeconds;
bot.Refresh();
var botCpuMs = (bot.TotalProcessorTime - botCpu0).TotalMilliseconds / total;
var driverCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - driverCpu0).TotalMilliseconds / total;
var loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
await Task.Delay(5000); // let background diagnoses settle before measuring the file

bot.Kill(entireProcessTree: true);
await bot.WaitForExitAsync();
long cases;
long stateBytes;
await using (var conn = new SqliteConnection($"Data Source={db}"))
{
    await conn.OpenAsync();
    using var cmd = conn.CreateCommand();
    cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); SELECT COUNT(*), COALESCE(SUM(LENGTH(state_json)), 0) FROM cases;";
    using var reader = await cmd.ExecuteReaderAsync();
    await reader.NextResultAsync();
    await reader.ReadAsync();
    cases = reader.GetInt64(0);
    stateBytes = reader.GetInt64(1);
}

SqliteConnection.ClearAllPools();
var fileBytes = new FileInfo(db).Length;
var d = diag.Order().ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {warmup} reports, their diagnosis cards all arrived {warmDrained:0.0} s after it was sent"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack: target {rate}/s × {seconds}s over {loadTenants} tenants, achieved {achieved:0}/s, acks {latencies.Length}/{total}, p50 {P(latencies, 0.50):0.0} ms, p99 {P(latencies, 0.99):0.0} ms, max {latencies.LastOrDefault():0.0} ms"));
Console.WriteLine(diagnosed < total
    ? string.Create(CultureInfo.InvariantCulture, $"cpu per report: TIMED OUT, only {diagnosed}/{total} diagnosis cards within {cpuTimeout.TotalSeconds:0} s after the load: partial work, bot {botCpuMs:0.00} ms, driver + fake connector {driverCpuMs:0.00} ms; load average (1 min) {loadAverage}, {Environment.ProcessorCount} cores")
    : string.Create(CultureInfo.InvariantCulture, $"cpu per report (until all {total} diagnosis cards arrived, {cpuWaited:0.0} s after the load): bot {botCpuMs:0.00} ms, driver + fake connector {driverCpuMs:0.00} ms; load average (1 min) {loadAverage}, {Environment.ProcessorCount} cores"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"diagnosis card (healthy loopback site, 3 attempts): p50 {P(d, 0.5):0.0} ms, max {d.Last():0.0} ms over {d.Length}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"storage: {cases} cases, state_json {stateBytes / Math.Max(1, cases)} B/case, SQLite file {fileBytes / Math.Max(1, cases)} B/case (incl. audit events, indexes)"));
foreach (var f in new[] { db, db + "-wal", db + "-shm" })
{
    File.Delete(f);
}

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

static async Task<Loopback> StartAsync(Action<WebApplication> configure)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
    var app = builder.Build();
    configure(app);
    await app.StartAsync();
    var address = app.Urls.First();
    return new Loopback(app, new Uri(address.TrimEnd('/') + "/"));
}

internal sealed record Loopback(WebApplication App, Uri Address) : IAsyncDisposable
{
    public string BaseAddress => Address.ToString();

    public int Port => Address.Port;

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
