using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using HelpdeskBot.Benchmarks;
using HelpdeskBot.Probes.Diagnosis;

// dotnet run -c Release --project bench/HelpdeskBot.Benchmarks -- latency [count] [--site-process] [--healthy]
//                                                                                      full diagnoses one after another: p50/p99; with --site-process the
//                                                                                      DNS server and the site run in a child process, so CPU is the probes' alone;
//                                                                                      with --healthy the site answers 200 (five h2 attempts and the HTTP/1.1 check)
// dotnet run -c Release --project bench/HelpdeskBot.Benchmarks -- concurrent [n] [limit] n full diagnoses at once under the global limit (default: the product's 256): p99 and peak RSS
// dotnet run -c Release --project bench/HelpdeskBot.Benchmarks -- bdn                   BenchmarkDotNet (FullDiagnosisBenchmark)
// dotnet run -c Release --project bench/HelpdeskBot.Benchmarks -- parser                BenchmarkDotNet (ParserBenchmark: report parsing, 1 KB to 256 KB, time per KB)
// dotnet run -c Release --project bench/HelpdeskBot.Benchmarks -- evidence              BenchmarkDotNet (EvidenceCardBenchmark: the user's evidence for a healthy diagnosis, en and de)
// dotnet run -c Release --project bench/HelpdeskBot.Benchmarks -- fanout|watch [n]      the help desk: resolving for n reporters at Teams' rate limits; the incident watch's cost (HelpDeskBenchmark)
var mode = args.Length > 0 ? args[0] : "latency";
if (mode is "fanout" or "watch")
{
    return await HelpDeskBenchmark.RunAsync(mode, args[1..]);
}

if (mode == "site")
{
    return await ProbeFixture.ServeAsync(); // the child of --site-process
}

var siteProcess = args.Contains("--site-process");
var healthy = args.Contains("--healthy");
args = [.. args.Where(a => a is not "--site-process" and not "--healthy")];

if (mode == "bdn")
{
    BenchmarkRunner.Run<FullDiagnosisBenchmark>(args: args[1..]);
    return 0;
}

if (mode == "evidence")
{
    BenchmarkRunner.Run<EvidenceCardBenchmark>(args: args[1..]);
    return 0;
}

if (mode == "parser")
{
    BenchmarkRunner.Run<ParserBenchmark>(args: args[1..]);
    return 0;
}

if (mode == "single")
{
    // One HTTP attempt against the bench nginx's loopback 502 (what POST /api/diagnoses does in the side-by-side run), in-process.
    var url = args.Length > 1 ? args[1] : "http://127.0.0.1:18080/bad502";
    await using var single = await ProbeFixture.StartAsync();
    var diagnoser = ProbeFixture.ForUrl(new Uri(url));
    var r = new DiagnosisRequest(url, null, 1);
    for (var i = 0; i < 500; i++)
    {
        await diagnoser.DiagnoseAsync(r, null, CancellationToken.None);
    }

    var count = 0;
    var sw0 = Stopwatch.StartNew();
    var alloc0 = GC.GetTotalAllocatedBytes();
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
    {
        while (sw0.Elapsed < TimeSpan.FromSeconds(5))
        {
            var d = await diagnoser.DiagnoseAsync(r, null, CancellationToken.None);
            if (d.Verdict.StatusCode != 502)
            {
                throw new InvalidOperationException($"unexpected diagnosis: {d.Verdict.Kind} {d.Verdict.StatusCode} {d.Verdict.Detail}");
            }

            Interlocked.Increment(ref count);
        }
    }));
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single: {count / sw0.Elapsed.TotalSeconds:0} diagnoses/s at 16 concurrent, {cpu.TotalMicroseconds / count:0} µs CPU and {(GC.GetTotalAllocatedBytes() - alloc0) / count} bytes allocated each (CPU time is the figure that survives a busy machine)"));
    return 0;
}

var n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : mode == "concurrent" ? 1000 : 2000;
// The product's own global limit (Probes:MaxConcurrentDiagnoses) unless a third argument overrides it: n diagnoses are
// submitted at once and the limit is what keeps memory bounded, the rest wait their turn within the time budget.
var limit = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : new HelpdeskBot.Probes.ProbesOptions().MaxConcurrentDiagnoses;
await using var fixture = await ProbeFixture.StartAsync(maxConcurrent: limit, siteProcess: siteProcess);
var request = new DiagnosisRequest(healthy ? fixture.HealthyTarget : fixture.Target);

// Warm-up: 3 s of diagnoses, so tiered JIT (tier 0 -> instrumented -> tier 1) has finished before anything is timed.
var warm = Stopwatch.StartNew();
while (warm.Elapsed < TimeSpan.FromSeconds(3))
{
    Check(await fixture.Diagnoser.DiagnoseAsync(request, null, CancellationToken.None), healthy);
}

var times = new double[n];
var phases = new double[5]; // DNS, connect, TLS, TTFB, attempt total (ms, summed over attempts)
var attemptsSeen = 0;
var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
var siteCpuStart = fixture.SiteCpu;
var allocStart = GC.GetTotalAllocatedBytes();
var exceptions = 0;
AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref exceptions); // each costs tens of µs
var verdicts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
var wall = Stopwatch.StartNew();
if (mode == "concurrent")
{
    await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
    {
        await Task.Yield();
        var sw = Stopwatch.StartNew();
        var d = await fixture.Diagnoser.DiagnoseAsync(request, null, CancellationToken.None);
        times[i] = sw.Elapsed.TotalMilliseconds;
        verdicts.AddOrUpdate($"{d.Verdict.Kind}/{d.Http.Count(a => a.StatusCode == 502)}x502", 1, (_, c) => c + 1);
    }));
}
else
{
    for (var i = 0; i < n; i++)
    {
        var sw = Stopwatch.StartNew();
        var d = await fixture.Diagnoser.DiagnoseAsync(request, null, CancellationToken.None);
        Check(d, healthy);
        foreach (var a in d.Http)
        {
            phases[0] += a.Timings.Dns.TotalMilliseconds;
            phases[1] += a.Timings.Connect.TotalMilliseconds;
            phases[2] += a.Timings.Tls.TotalMilliseconds;
            phases[3] += a.Timings.TimeToFirstByte.TotalMilliseconds;
            phases[4] += (a.Timings.Total - a.Timings.Dns).TotalMilliseconds;
            attemptsSeen++;
        }

        times[i] = sw.Elapsed.TotalMilliseconds;
    }
}

wall.Stop();
var cpuEach = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / n;
var cpuWhose = fixture.SiteCpu is { } siteCpu && siteCpuStart is { } siteStart
    ? string.Create(CultureInfo.InvariantCulture, $"client only; the site's process {(siteCpu - siteStart).TotalMilliseconds / n:0.00} ms")
    : "client and in-process server";
var allocEach = (GC.GetTotalAllocatedBytes() - allocStart) / 1024.0 / n;
Array.Sort(times);
var rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM", StringComparison.Ordinal));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{mode}: {string.Join(", ", verdicts.Select(v => $"{v.Key}={v.Value}"))}; {n} full diagnoses (DNS x2 resolvers + TCP + TLS + 5 HTTP attempts) in {wall.Elapsed.TotalSeconds:0.00} s; p50 {times[n / 2]:0.00} ms, p99 {times[(int)(n * 0.99)]:0.00} ms, max {times[^1]:0.00} ms; peak RSS {rss.Split(':')[1].Trim()}; CPU {cpuEach:0.00} ms per diagnosis ({cpuWhose}); {allocEach:0} KB allocated and {(double)exceptions / n:0.0} first-chance exceptions per diagnosis"));
if (attemptsSeen > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"mean per attempt: dns {phases[0] / attemptsSeen:0.00} ms, connect {phases[1] / attemptsSeen:0.00} ms, tls {phases[2] / attemptsSeen:0.00} ms, ttfb {phases[3] / attemptsSeen:0.00} ms, attempt {phases[4] / attemptsSeen:0.00} ms"));
}

return 0;

static void Check(Diagnosis d, bool healthy)
{
    // Healthy page: five attempts over h2, then the one HTTP/1.1 check every h2 success gets (no split: it works too).
    // The verdict is the self-signed certificate's, as for the 502 page.
    if (healthy)
    {
        if (d.Verdict.Kind != VerdictKind.TlsProblem || d.Verdict.TotalAttempts != 5 || d.Http.Count != 6 || d.Verdict.ProtocolSplit is not null
            || d.Http.Take(5).Any(a => a.StatusCode != 200 || a.Protocol != "h2") || d.Http[^1] is not { StatusCode: 200, Protocol: "http/1.1" })
        {
            throw new InvalidOperationException($"unexpected diagnosis: {d.Verdict.Kind} {d.Verdict.StatusCode} {d.Verdict.Detail}");
        }

        return;
    }

    // Five attempts, over h2 (Kestrel offers it over TLS); a 502 is the site's answer, so no HTTP/1.1 check is added.
    if (d.Verdict.Kind != VerdictKind.TlsProblem || d.Verdict.TotalAttempts != 5 || d.Http.Count != 5 || d.Http.Any(a => a.StatusCode != 502 || a.Protocol != "h2"))
    {
        throw new InvalidOperationException($"unexpected diagnosis: {d.Verdict.Kind} {d.Verdict.StatusCode} {d.Verdict.Detail}");
    }
}
