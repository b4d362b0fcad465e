namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// The caller's token plus a timeout on the injected clock, so a probe's deadline moves with a fake clock in tests
/// (<c>CancelAfter</c> and the timeout-only constructor run on the real clock and are banned in eng/BannedSymbols.txt).
/// <see cref="Expired"/> tells the timeout apart from the caller's cancellation (the Polly habit).
/// </summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    public Deadline(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        _timeout = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
    }

    /// <summary>Cancelled when the timeout passes or the caller cancels.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>True once the timeout has passed (whatever the caller did).</summary>
    public bool Expired => _timeout.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
