using HelpdeskBot.Conversations.Cases;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// Closes cases nobody answered for <see cref="ConversationsOptions.CaseIdleTimeout"/> (their card then offers
/// Resume), and at start-up re-probes cases whose probe was lost with the previous process.
/// </summary>
internal sealed class IdleCaseSweeper(
    CaseRepository repository,
    CaseService cases,
    TimeProvider time,
    IOptions<ConversationsOptions> options,
    ILogger<IdleCaseSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumePendingDiagnosesAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.Value.IdleSweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await SweepAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One sweep; returns how many cases were closed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var closed = 0;
        try
        {
            var idle = options.Value.CaseIdleTimeout;
            foreach (var record in await repository.ListIdleAsync(idle, 200, ct).ConfigureAwait(false))
            {
                var done = await cases.UpdateWithRetryAsync(
                    record.CaseId,
                    s => s.Phase is CasePhase.OnStep or CasePhase.AwaitingTarget or CasePhase.Diagnosing ? CaseEngine.Abandon(s) : null,
                    "expire",
                    ct).ConfigureAwait(false);
                if (done is { } d)
                {
                    closed++;
                    Log.Abandoned(logger, record.CaseId, time.GetUtcNow() - record.UpdatedAt);
                    await cases.PublishAsync(d.Record.CaseId, ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SweepFailed(logger, ex);
        }

        return closed;
    }

    private async Task ResumePendingDiagnosesAsync(CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow();
            var recent = await repository.ListUpdatedBetweenAsync(now - options.Value.CaseIdleTimeout, now + TimeSpan.FromMinutes(1), 500, ct).ConfigureAwait(false);
            foreach (var (record, state) in recent)
            {
                if (record.Status == CaseStatus.Open && state.Phase == CasePhase.Diagnosing && state.Target is not null)
                {
                    cases.ScheduleProbe(record.CaseId);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SweepFailed(logger, ex);
        }
    }
}
