using HelpdeskBot.Protocol.Routing;
using HelpdeskBot.Tickets.Dispatching;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Walks the reporters of a resolution or reopening (<see cref="ResolutionFanOut"/>) in the background, so the click
/// that resolved or reopened answers at once: the step is written with its <c>notify_pending</c> flag first, then its
/// walk is queued as the host's background work (<see cref="IBackgroundWorkQueue"/>, which a turn's work after its
/// answer uses too); a stop mid-way leaves the flag for the watch's next round (on any instance). On this instance one
/// walk per incident runs at a time: a start while it walks runs it once more afterwards (a reopening during a
/// resolution's walk). When a walk clears the flag, the incident card is refreshed (it said "Telling N reporters…", it
/// now says how many messages are queued).
/// </summary>
internal sealed class FanOutWalks(ResolutionFanOut fanOut, IncidentBoard board, IBackgroundWorkQueue background, ILogger<FanOutWalks> logger)
{
    private readonly Lock _lock = new();

    /// <summary>Incidents queued and not started yet.</summary>
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);

    /// <summary>Incidents walked now, each with whether it is to be walked once more after.</summary>
    private readonly Dictionary<string, bool> _walking = new(StringComparer.Ordinal);

    /// <summary>Walks the incident's pending step soon, in the background (never waits for it).</summary>
    public void Start(string incidentId)
    {
        lock (_lock)
        {
            if (_walking.ContainsKey(incidentId))
            {
                _walking[incidentId] = true;
                return;
            }

            if (!_queued.Add(incidentId))
            {
                return;
            }
        }

        // Never refused while the host runs; once it stopped, the flag is the watch's at the next start.
        if (!background.TryEnqueue(ct => RunQueuedAsync(incidentId, ct)))
        {
            lock (_lock)
            {
                _queued.Remove(incidentId);
            }
        }
    }

    /// <summary>
    /// Walks the incident's pending step now (the watch's round), unless this instance walks it already: that walk then
    /// runs once more after, and this returns at once.
    /// </summary>
    public async Task WalkAsync(string incidentId, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_walking.TryAdd(incidentId, false))
            {
                _walking[incidentId] = true;
                return;
            }
        }

        var again = true;
        try
        {
            while (again)
            {
                if (await fanOut.RunAsync(incidentId, ct).ConfigureAwait(false))
                {
                    await board.RefreshCardAsync(incidentId, ct, now: true).ConfigureAwait(false);
                }

                lock (_lock)
                {
                    again = _walking[incidentId];
                    _walking[incidentId] = false;
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _walking.Remove(incidentId);
            }
        }
    }

    private async Task RunQueuedAsync(string incidentId, CancellationToken stoppingToken)
    {
        lock (_lock)
        {
            _queued.Remove(incidentId);
        }

        BackgroundWork.Enter(); // no request waits on these writes (SQLite lets requests' writes go first)
        try
        {
            await WalkAsync(incidentId, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The flag stays: the watch's next round walks again. (Stopping: a walk cut short keeps its flag too.)
            Log.FanOutFailed(logger, ex, incidentId);
        }
    }
}
