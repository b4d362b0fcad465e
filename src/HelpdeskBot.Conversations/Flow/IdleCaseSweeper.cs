using HelpdeskBot.Conversations.Cases;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// Closes cases nobody answered for <see cref="ConversationsOptions.CaseIdleTimeout"/> (their card then offers
/// Resume). Diagnoses a previous process left pending need nothing here: they wait in the store
/// (<see cref="DiagnosisDispatcher"/>).
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
}
