using BenchmarkDotNet.Attributes;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Cards;

namespace HelpdeskBot.Benchmarks;

/// <summary>
/// The user's evidence section for a healthy diagnosis of the loopback site (five h2 attempts and the HTTP/1.1 check),
/// rendered and serialised as the diagnosis card carries it, in English and German: what every diagnosis card costs
/// since the evidence is worded in the reader's language and time zone (session 9).
/// </summary>
[MemoryDiagnoser]
public class EvidenceCardBenchmark
{
    private Diagnosis _healthy = null!;

    [Params("en", "de")]
    public string Language { get; set; } = "en";

    [GlobalSetup]
    public void Setup()
    {
        var fixture = ProbeFixture.StartAsync().GetAwaiter().GetResult();
        try
        {
            _healthy = fixture.Diagnoser.DiagnoseAsync(new DiagnosisRequest(fixture.HealthyTarget), null, CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark]
    public int HealthyEvidenceCard() =>
        CardsJsonContext.ToJson(new AdaptiveCard { Body = [.. EvidenceSection.Build(_healthy, "wiki.contoso.com", UserTexts.For(Language))] }).Length;
}
