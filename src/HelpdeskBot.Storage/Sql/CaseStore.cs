using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// Cases on either engine. The conditional UPDATE (… WHERE version = @expected) is the whole concurrency story:
/// SQLite runs it under its single write lock; on PostgreSQL (READ COMMITTED) a second writer blocks on the row,
/// re-checks the condition against the winner's version and updates nothing. The audit event and any escalation
/// are written in the same transaction.
/// </summary>
internal sealed class CaseStore(StorageDatabase database) : ICaseStore
{
    private const string Columns = "case_id, conversation_id, user_id, target, status, state_json, version, created_at, updated_at";

    /// <summary>Cases whose diagnosis is due and not leased to a live claimer.</summary>
    private const string DiagnosisDue = "diagnosis_due_at <= @now AND (diagnosis_lease_expires_at IS NULL OR diagnosis_lease_expires_at <= @now)";

    /// <summary>
    /// What <see cref="Read"/> maps: the written columns plus the card's activity, recorded apart
    /// (<see cref="SetCardActivityAsync"/>), and whether a diagnosis is queued.
    /// </summary>
    private const string ReadColumns = Columns + ", card_activity_id, CASE WHEN diagnosis_due_at IS NULL THEN 0 ELSE 1 END";

    public async Task<CaseRecord?> GetAsync(string caseId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command($"SELECT {ReadColumns} FROM cases WHERE case_id = @id;").With("id", caseId);
            return await command.ReadFirstAsync(Read, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<CaseRecord?> FindOpenAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                $"SELECT {ReadColumns} FROM cases WHERE conversation_id = @conversation AND user_id = @user " +
                $"AND status NOT IN ({CaseStatuses.ClosedSqlList}) ORDER BY updated_at DESC, created_at DESC LIMIT 1;")
                .With("conversation", conversationId).With("user", userId);
            return await command.ReadFirstAsync(Read, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<bool> TryInsertAsync(CaseRecord record, CaseEvent firstEvent, CancellationToken cancellationToken) =>
        TryInsertAsync(record, firstEvent, null, cancellationToken);

    public async Task<bool> TryInsertAsync(CaseRecord record, CaseEvent firstEvent, CardDelivery? card, CancellationToken cancellationToken)
    {
        CaseRecordValidation.ForInsert(record, firstEvent);
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using (var insert = session.Command(
                $"INSERT INTO cases ({Columns}, diagnosis_due_at) VALUES (@id, @conversation, @user, @target, @status, @state, 1, @created, @updated, @diagnose) ON CONFLICT (case_id) DO NOTHING;"))
            {
                insert.With("id", record.CaseId).With("conversation", record.ConversationId).With("user", record.UserId)
                    .With("target", record.Target).With("status", record.Status.StoredName()).With("state", record.StateJson)
                    .With("created", record.CreatedAt).With("updated", record.UpdatedAt)
                    .WithInstant("diagnose", record.AwaitsDiagnosis ? record.UpdatedAt : null);
                if (await insert.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    await session.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }
            }

            await AppendEventAsync(session, firstEvent, cancellationToken).ConfigureAwait(false);
            await EnqueueCardAsync(session, record, card, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public Task<bool> TryUpdateAsync(CaseRecord updated, long expectedVersion, CaseEvent auditEvent, EscalationRequest? escalation, CancellationToken cancellationToken) =>
        TryUpdateAsync(updated, expectedVersion, auditEvent, escalation, null, cancellationToken);

    public async Task<bool> TryUpdateAsync(CaseRecord updated, long expectedVersion, CaseEvent auditEvent, EscalationRequest? escalation, CardDelivery? card, CancellationToken cancellationToken)
    {
        CaseRecordValidation.ForUpdate(updated, expectedVersion, auditEvent, escalation);
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using (var update = session.Command(
                "UPDATE cases SET status = @status, state_json = @state, target = @target, version = @version, updated_at = @updated, " +
                // Still waiting: the queued diagnosis (and a claim of it) stays; newly waiting: due now; else cleared.
                "diagnosis_due_at = CASE WHEN @diagnose IS NULL THEN NULL ELSE COALESCE(diagnosis_due_at, @diagnose) END, " +
                "diagnosis_lease_owner = CASE WHEN @diagnose IS NULL THEN NULL ELSE diagnosis_lease_owner END, " +
                "diagnosis_lease_expires_at = CASE WHEN @diagnose IS NULL THEN NULL ELSE diagnosis_lease_expires_at END " +
                "WHERE case_id = @id AND version = @expected;"))
            {
                update.With("status", updated.Status.StoredName()).With("state", updated.StateJson).With("target", updated.Target)
                    .With("version", updated.Version).With("updated", updated.UpdatedAt)
                    .WithInstant("diagnose", updated.AwaitsDiagnosis ? updated.UpdatedAt : null)
                    .With("id", updated.CaseId).With("expected", expectedVersion);
                if (await update.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    await session.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }
            }

            await AppendEventAsync(session, auditEvent, cancellationToken).ConfigureAwait(false);
            if (escalation is not null)
            {
                await OutboxStore.InsertAsync(session, escalation, updated.UpdatedAt, cancellationToken).ConfigureAwait(false);
            }

            await EnqueueCardAsync(session, updated, card, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async Task<IReadOnlyList<CaseRecord>> ListByUserAsync(string userId, int max, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                $"SELECT {ReadColumns} FROM cases WHERE user_id = @user ORDER BY updated_at DESC, created_at DESC LIMIT @max;")
                .With("user", userId).With("max", Math.Max(0, max));
            return await command.ReadAsync(Read, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<CaseRecord>> ListUpdatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                $"SELECT {ReadColumns} FROM cases WHERE updated_at >= @from AND updated_at < @to ORDER BY updated_at DESC LIMIT @max;")
                .With("from", from).With("to", to).With("max", Math.Max(0, max));
            return await command.ReadAsync(Read, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<CaseEvent>> GetEventsAsync(string caseId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT case_id, version, kind, data_json, at FROM case_events WHERE case_id = @id ORDER BY id;")
                .With("id", caseId);
            return await command.ReadAsync(r => new CaseEvent(r.String(0), r.Int64(1), r.String(2), r.String(3), r.Instant(4)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The case's card queued with the case (one write instead of two: issue 12, SQLite's one write turn).</summary>
    private static Task EnqueueCardAsync(StoreSession session, CaseRecord record, CardDelivery? card, CancellationToken cancellationToken) =>
        card is null ? Task.CompletedTask : DeliveryStore.EnqueueCardAsync(session, card.Kind, record.CaseId, card.DueAt, record.UpdatedAt, cancellationToken);

    private static async Task AppendEventAsync(StoreSession session, CaseEvent caseEvent, CancellationToken cancellationToken)
    {
        await using var insert = session.Command(
            "INSERT INTO case_events (case_id, version, kind, data_json, at) VALUES (@id, @version, @kind, @data, @at);")
            .With("id", caseEvent.CaseId).With("version", caseEvent.Version).With("kind", caseEvent.Kind)
            .With("data", caseEvent.DataJson).With("at", caseEvent.At);
        await insert.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> SetCardActivityAsync(string caseId, string activityId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var update = session.Command("UPDATE cases SET card_activity_id = @activity WHERE case_id = @id;").With("id", caseId).With("activity", activityId);
            return await update.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    public async Task<IReadOnlyList<string>> ClaimDiagnosesAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (max <= 0)
        {
            return [];
        }

        // Woken for a case another claim already took (every report and every finished run wakes the dispatcher):
        // looked for first where a claim would wait for the write turn (SQLite), so an empty claim costs no write.
        if (database.WritersTakeTurns
            && !await database.AnyAsync($"SELECT 1 FROM cases WHERE {DiagnosisDue} LIMIT 1;", c => c.With("now", now), cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // One statement: SQLite runs it under its single writer; PostgreSQL's SKIP LOCKED keeps claimers apart.
            await using var claim = session.Command(
                "UPDATE cases SET diagnosis_lease_owner = @owner, diagnosis_lease_expires_at = @expires WHERE case_id IN (" +
                $"SELECT case_id FROM cases WHERE {DiagnosisDue} " +
                $"ORDER BY diagnosis_due_at LIMIT @max{session.Dialect.SkipLocked}) RETURNING case_id;")
                .With("owner", owner).With("expires", now + lease).With("now", now).With("max", max);
            return await claim.ReadAsync(r => r.String(0), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<bool> ReleaseDiagnosisAsync(string caseId, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        database.ExecuteOneAsync(
            "UPDATE cases SET diagnosis_due_at = @retry, diagnosis_lease_owner = NULL, diagnosis_lease_expires_at = NULL " +
            "WHERE case_id = @id AND diagnosis_lease_owner = @owner AND diagnosis_due_at IS NOT NULL;",
            command => command.With("id", caseId).With("owner", owner).With("retry", retryAt),
            cancellationToken);

    public async Task<int> CountAwaitingDiagnosisAsync(CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT COUNT(*) FROM cases WHERE diagnosis_due_at IS NOT NULL;");
            return Convert.ToInt32(await command.ScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static CaseRecord Read(StoreRow row) => new(
        row.String(0), row.String(1), row.String(2), row.String(3), CaseStatusNames.Parse(row.String(4)),
        row.String(5), row.Int64(6), row.Instant(7), row.Instant(8))
    {
        CardActivityId = row.NullableString(9),
        AwaitsDiagnosis = row.Int32(10) != 0,
    };
}
