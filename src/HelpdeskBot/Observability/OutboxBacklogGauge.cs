using System.Diagnostics.Metrics;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Observability;

/// <summary>
/// <c>helpdeskbot.outbox.backlog{state}</c>: rows per outbox state. A gauge callback must not do I/O, so this
/// service counts every <see cref="ObservabilityOptions.OutboxBacklogInterval"/> and the callback reports the last
/// count. The meter comes from <see cref="IMeterFactory"/>, so the gauge lives and dies with this host.
/// </summary>
internal sealed class OutboxBacklogGauge : BackgroundService
{
    /// <summary>Name of the outbox backlog gauge (tag <c>state</c>).</summary>
    public const string OutboxBacklogName = "helpdeskbot.outbox.backlog";

    private readonly IOutboxStore? _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<OutboxBacklogGauge> _logger;
    private IReadOnlyDictionary<OutboxState, int>? _last;

    public OutboxBacklogGauge(IEnumerable<IOutboxStore> stores, IMeterFactory meters, TimeProvider time, IOptions<ObservabilityOptions> options, ILogger<OutboxBacklogGauge> logger)
    {
        _store = stores.FirstOrDefault();
        _time = time;
        _interval = options.Value.OutboxBacklogInterval;
        _logger = logger;
        var meter = meters.Create(ObservabilityExtensions.TelemetryName);
        meter.CreateObservableGauge(OutboxBacklogName, Observe, unit: "{escalation}", description: "Outbox rows by state (Pending, InProgress, Parked); Sent is not backlog.");
    }

    /// <summary>Counts now (also used by tests instead of waiting for the timer).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        _last = await _store.CountByStateAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_store is null)
        {
            Log.OutboxGaugeWithoutStore(_logger);
            return;
        }

        using var timer = new PeriodicTimer(_interval, _time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store being down is reported by /health/ready; the gauge keeps its last value.
                Log.OutboxCountFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        var last = _last;
        if (last is null)
        {
            yield break;
        }

        foreach (var state in new[] { OutboxState.Pending, OutboxState.InProgress, OutboxState.Parked })
        {
            yield return new Measurement<long>(last.GetValueOrDefault(state), new KeyValuePair<string, object?>("state", state.ToString()));
        }
    }
}
