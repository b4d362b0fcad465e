using System.Net;
using HelpdeskBot.Probes.Http;
using HelpdeskBot.Probes.Targets;
using HelpdeskBot.Probes.Tcp;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>The HTTP attempts' deadlines, carved from what is left of the budget, and each attempt's run.</summary>
internal sealed partial class Diagnoser
{
    /// <summary>Per-attempt deadline: Probes:AttemptTimeout, cut so that <paramref name="left"/> attempts still fit the budget.</summary>
    private TimeSpan AttemptTimeout(long started, int left)
    {
        var remaining = _options.TimeBudget - _time.GetElapsedTime(started) - Margin;
        var share = TimeSpan.FromTicks(Math.Max(remaining.Ticks / Math.Max(left, 1), TimeSpan.FromMilliseconds(20).Ticks));
        return Min(_options.AttemptTimeout, share);
    }

    /// <returns>False when the budget ran out during the pause between attempts (the caller's cancellation throws).</returns>
    private async Task<bool> PauseAsync(CancellationToken budget, CancellationToken caller)
    {
        try
        {
            await Task.Delay(_options.AttemptSpacing, _time, budget).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <returns>Null when the budget ran out before the attempt could finish.</returns>
    private async Task<HttpAttemptResult?> RunAttemptAsync(ProbeTarget target, IReadOnlyList<IPAddress> addresses, int attempt, Uri? proxy, bool captureTls, TimeSpan dnsTime, TimeSpan timeout, CancellationToken budget, CancellationToken caller, bool http11Only = false)
    {
        using var span = ProbeSpans.StartAttempt(target.Host, attempt, proxy is not null);
        HttpAttemptResult? result = null;
        try
        {
            result = await _http.AttemptAsync(target, addresses, attempt, proxy, captureTls, dnsTime, timeout, budget, http11Only).ConfigureAwait(false);
            return result;
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            ProbeSpans.FinishAttempt(span, result);
        }
    }

    /// <summary>
    /// A connect to an address the attempts did not need. It is evidence only, so however it ends it is a row of the
    /// diagnosis: the budget running out is a timeout at its limit, an unexpected exception a failed connect (logged).
    /// Only the caller's cancellation leaves.
    /// </summary>
    private async Task<TcpEvidence> ConnectUntriedAsync(IPAddress address, ProbeTarget target, TimeSpan timeout, CancellationToken budget, CancellationToken caller)
    {
        var started = _time.GetTimestamp();
        try
        {
            return await _tcp.ProbeAsync(address, target.Port, target.Host, timeout, budget).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return TcpConnector.TimedOut(address, target.Port, _time.GetElapsedTime(started), timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.EvidenceConnectFailed(_logger, e, address.ToString(), target.Port, target.Host);
            return new TcpEvidence(address.ToString(), target.Port, TcpOutcome.Error, _time.GetElapsedTime(started), $"the connect failed: {e.GetType().Name}")
            {
                Failure = new(FailureKind.ConnectFailed) { Detail = e.GetType().Name },
            };
        }
    }

    /// <summary>
    /// The attempts' section threw (the caller cancelled, or a failure): the attempts still running are ended and awaited,
    /// so nothing of the diagnosis goes on after it (no request to the site, no span left open) and no task's exception
    /// goes unobserved. The section's own exception is the one the caller gets.
    /// </summary>
    private static async Task EndAllAsync(CancellationTokenSource stop, IEnumerable<Task<HttpAttemptResult?>?> running)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        foreach (var task in running.OfType<Task<HttpAttemptResult?>>())
        {
            await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _ = task.Exception; // observed: the caller gets the section's exception
        }
    }

    /// <summary>The attempt got an answer below 500 over HTTP/2: what makes the HTTP/1.1 check worth its handshake.</summary>
    private static bool WorkedOverHttp2(HttpAttemptResult attempt) => !attempt.Failed && attempt.Evidence.Protocol == Http2Exchange.Protocol;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
