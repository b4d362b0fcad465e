using System.Threading.Channels;
using HelpdeskBot.Tickets.Dispatching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// Walks the reporters of a resolution or reopening (<see cref="ResolutionFanOut"/>) in the background, so the click
/// that resolved or reopened answers at once: the step is written with its <c>notify_pending</c> flag first, and a
/// stop mid-way leaves the flag for the watch's next round (on any instance). On this instance one walk per incident
/// runs at a time: a start while it walks runs it once more afterwards (a reopening during a resolution's walk). When
/// a walk clears the flag, the incident card is refreshed (it said "Telling N reporters…", it now says how many
/// messages are queued).
/// </summary>
internal sealed class FanOutWalks(ResolutionFanOut fanOut, IncidentBoard board, ILogger<FanOutWalks> logger) : BackgroundService
{
    /// <summary>
    /// Walks at once. Each is a series of small writes that yield to requests' writes (SQLite has one writer), so a
    /// few incidents resolved together make progress side by side without crowding out the rest of the bot.
    /// </summary>
    private const int Concurrency = 2;

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
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

        // Unbounded: fails only once the host stopped, and then the flag is the watch's at the next start.
        _queue.Writer.TryWrite(incidentId);
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

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = new Task[Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => RunWorkerAsync(stoppingToken), CancellationToken.None);
        }

        return Task.WhenAll(workers);
    }

    private async Task RunWorkerAsync(CancellationToken stoppingToken)
    {
        BackgroundWork.Enter(); // no request waits on these writes (SQLite lets requests' writes go first)
        try
        {
            await foreach (var incidentId in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                lock (_lock)
                {
                    _queued.Remove(incidentId);
                }

                try
                {
                    await WalkAsync(incidentId, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The flag stays: the watch's next round walks again.
                    Log.FanOutFailed(logger, ex, incidentId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a walk cut short keeps its flag for the watch at the next start.
        }
    }
}
