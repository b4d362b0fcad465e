namespace HelpdeskBot.Probes.Safety;

/// <summary>
/// Per-requester and per-target limits on diagnoses, so the bot cannot be used to flood a site or to scan.
/// The in-memory default counts per process; a shared store (several instances) can replace it in DI.
/// </summary>
public interface IProbeRateLimiter
{
    /// <returns>Null when allowed; otherwise a plain reason.</returns>
    ValueTask<string?> TryAcquireAsync(string? requesterId, string targetHost, CancellationToken cancellationToken);
}
