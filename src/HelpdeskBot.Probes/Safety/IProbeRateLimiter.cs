namespace HelpdeskBot.Probes.Safety;

/// <summary>
/// Per-requester and per-target limits on diagnoses, so the bot cannot be used to flood a site or to scan.
/// The in-memory default counts per process; a shared store (several instances) can replace it in DI.
/// </summary>
public interface IProbeRateLimiter
{
    /// <returns>Null when allowed; otherwise which limit was reached.</returns>
    ValueTask<ProbeLimitHit?> TryAcquireAsync(string? requesterId, string targetHost, CancellationToken cancellationToken);
}

/// <summary>
/// A limit reached, as facts (each reader words them: the user's card, the ticket) with the operators' English
/// sentence (<see cref="Reason"/>: the `probe` command, the API, the log).
/// </summary>
/// <param name="ByRequester">True: the requester's own limit (Probes:PerUserPerMinute); false: the target's (Probes:PerTargetPerMinute).</param>
/// <param name="Limit">The diagnoses a minute allowed.</param>
public sealed record ProbeLimitHit(bool ByRequester, int Limit, string TargetHost)
{
    public string Reason => ByRequester
        ? $"you have asked for {Limit} diagnoses in the last minute; wait a minute and try again"
        : $"{TargetHost} has been probed {Limit} times in the last minute; the latest diagnosis still holds, try again in a minute";
}
