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

    /// <summary>Every case still Diagnosing within the idle time (all of them, page by page) is probed again.</summary>
    private async Task ResumePendingDiagnosesAsync(CancellationToken ct)
    {
        const int Page = 500;
        try
        {
            var now = time.GetUtcNow();
            var from = now - options.Value.CaseIdleTimeout;
            var to = now + TimeSpan.FromMinutes(1);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                // Newest first; the next page ends where this one's oldest began (inclusive, so ties are not skipped).
                var page = await repository.ListUpdatedBetweenAsync(from, to, Page, ct).ConfigureAwait(false);
                foreach (var (record, state) in page)
                {
                    if (seen.Add(record.CaseId) && record.Status == CaseStatus.Open && state.Phase == CasePhase.Diagnosing && state.Target is not null)
                    {
                        await cases.ScheduleProbeAsync(record.CaseId, ct).ConfigureAwait(false);
                    }
                }

                if (page.Count < Page || page[^1].Record.UpdatedAt + TimeSpan.FromTicks(10) >= to)
                {
                    return;
                }

                to = page[^1].Record.UpdatedAt + TimeSpan.FromTicks(10);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SweepFailed(logger, ex);
        }
    }
}
