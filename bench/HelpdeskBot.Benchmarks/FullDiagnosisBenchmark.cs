using BenchmarkDotNet.Attributes;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Benchmarks;

/// <summary>A full diagnosis (DNS with 2 resolvers + TCP + TLS + 5 HTTP attempts, no spacing) of a loopback target.</summary>
[MemoryDiagnoser]
public class FullDiagnosisBenchmark
{
    private ProbeFixture _fixture = null!;

    [GlobalSetup]
    public void Setup() => _fixture = ProbeFixture.StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<VerdictKind> FullDiagnosis()
    {
        var d = await _fixture.Diagnoser.DiagnoseAsync(new DiagnosisRequest(_fixture.Target), null, CancellationToken.None);
        return d.Verdict.Kind;
    }
}
