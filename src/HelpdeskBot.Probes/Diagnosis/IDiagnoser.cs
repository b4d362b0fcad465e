namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>Probes a target from the server side and draws the verdict.</summary>
/// <remarks>
/// CONTRACT used by Conversations (chat reports), the `probe` command and POST /api/diagnoses. A target that
/// cannot be parsed or is refused by the safety policy (internal address, port, rate limit) comes back as a
/// <see cref="Diagnosis"/> with <see cref="VerdictKind.Refused"/> and a finding saying plainly why; it never throws
/// for bad input. Cancellation of <paramref name="cancellationToken"/> is honoured; the overall time budget
/// (Probes:TimeBudget, default 10 s) applies on top of it.
/// </remarks>
public interface IDiagnoser
{
    Task<Diagnosis> DiagnoseAsync(DiagnosisRequest request, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken);
}

/// <param name="Target">What the user typed: URL, host, host:port, IP literal, IDN.</param>
/// <param name="RequesterId">Who asked (Teams user id, API key id), for per-user rate limits; null = anonymous/CLI.</param>
/// <param name="Attempts">HTTP attempts; null = Probes:HttpAttempts (default 5).</param>
public sealed record DiagnosisRequest(string Target, string? RequesterId = null, int? Attempts = null)
{
    /// <summary>
    /// The product the reporter's pasted error page or message named, if any. A low-weight tie-breaker: it names the
    /// hop only when the failing responses identify none themselves (catalogue and self-identified hops win), and
    /// only for a product the fingerprint catalogue knows; the verdict is then less certain (<see cref="HopSource.Reported"/>).
    /// </summary>
    public ProductHint? Hint { get; init; }
}

/// <param name="Product">A product name as the fingerprint catalogue spells it ("nginx", "Cloudflare").</param>
public sealed record ProductHint(string Product);

/// <param name="Phase">dns | tcp | tls | http | proxy | control | verdict.</param>
public sealed record ProbeProgress(string Phase, string Message);
