using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Tickets.Escalations;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Storage.Sqlite;

internal sealed class SqliteCaseStore(SqliteDatabase database) : ICaseStore
{
    private const string Columns = "case_id, conversation_id, user_id, target, status, state_json, version, created_at, updated_at";

    public async Task<CaseRecord?> GetAsync(string caseId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command($"SELECT {Columns} FROM cases WHERE case_id = @id;").With("@id", caseId);
            return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }
    }

    public async Task<CaseRecord?> FindOpenAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(
                $"SELECT {Columns} FROM cases WHERE conversation_id = @conversation AND user_id = @user " +
                $"AND status NOT IN ({CaseStatuses.ClosedSqlList}) ORDER BY updated_at DESC, created_at DESC LIMIT 1;")
                .With("@conversation", conversationId).With("@user", userId);
            return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }
    }

    public async Task<bool> TryInsertAsync(CaseRecord record, CaseEvent firstEvent, CancellationToken cancellationToken)
    {
        CaseRecordValidation.ForInsert(record, firstEvent);
        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = SqliteDatabase.BeginWrite(connection);
            using (var insert = connection.Command(
                $"INSERT INTO cases ({Columns}) VALUES (@id, @conversation, @user, @target, @status, @state, 1, @created, @updated) ON CONFLICT (case_id) DO NOTHING;",
                transaction))
            {
                insert.With("@id", record.CaseId).With("@conversation", record.ConversationId).With("@user", record.UserId)
                    .With("@target", record.Target).With("@status", record.Status).With("@state", record.StateJson)
                    .With("@created", record.CreatedAt).With("@updated", record.UpdatedAt);
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    transaction.Rollback();
                    return false;
                }
            }

            await AppendEventAsync(connection, transaction, firstEvent, cancellationToken).ConfigureAwait(false);
            transaction.Commit();
            return true;
        }
    }

    public async Task<bool> TryUpdateAsync(CaseRecord updated, long expectedVersion, CaseEvent auditEvent, EscalationRequest? escalation, CancellationToken cancellationToken)
    {
        CaseRecordValidation.ForUpdate(updated, expectedVersion, auditEvent, escalation);
        var connection = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = SqliteDatabase.BeginWrite(connection);
            using (var update = connection.Command(
                "UPDATE cases SET status = @status, state_json = @state, target = @target, version = @version, updated_at = @updated " +
                "WHERE case_id = @id AND version = @expected;",
                transaction))
            {
                update.With("@status", updated.Status).With("@state", updated.StateJson).With("@target", updated.Target)
                    .With("@version", updated.Version).With("@updated", updated.UpdatedAt)
                    .With("@id", updated.CaseId).With("@expected", expectedVersion);
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    transaction.Rollback();
                    return false;
                }
            }

            await AppendEventAsync(connection, transaction, auditEvent, cancellationToken).ConfigureAwait(false);
            if (escalation is not null)
            {
                await SqliteOutboxStore.InsertAsync(connection, transaction, escalation, updated.UpdatedAt, cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            return true;
        }
    }

    public async Task<IReadOnlyList<CaseRecord>> ListByUserAsync(string userId, int max, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(
                $"SELECT {Columns} FROM cases WHERE user_id = @user ORDER BY updated_at DESC, created_at DESC LIMIT @max;")
                .With("@user", userId).With("@max", Math.Max(0, max));
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<CaseRecord>> ListUpdatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(
                $"SELECT {Columns} FROM cases WHERE updated_at >= @from AND updated_at < @to ORDER BY updated_at DESC LIMIT @max;")
                .With("@from", from).With("@to", to).With("@max", Math.Max(0, max));
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<CaseEvent>> GetEventsAsync(string caseId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command("SELECT case_id, version, kind, data_json, at FROM case_events WHERE case_id = @id ORDER BY id;")
                .With("@id", caseId);
            var events = new List<CaseEvent>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    events.Add(new CaseEvent(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInstant(4)));
                }
            }

            return events;
        }
    }

    private static async Task AppendEventAsync(SqliteConnection connection, SqliteTransaction transaction, CaseEvent caseEvent, CancellationToken cancellationToken)
    {
        using var insert = connection.Command(
            "INSERT INTO case_events (case_id, version, kind, data_json, at) VALUES (@id, @version, @kind, @data, @at);", transaction)
            .With("@id", caseEvent.CaseId).With("@version", caseEvent.Version).With("@kind", caseEvent.Kind)
            .With("@data", caseEvent.DataJson).With("@at", caseEvent.At);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<CaseRecord>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var records = new List<CaseRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(new CaseRecord(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetInt64(6), reader.GetInstant(7), reader.GetInstant(8)));
            }
        }

        return records;
    }
}
