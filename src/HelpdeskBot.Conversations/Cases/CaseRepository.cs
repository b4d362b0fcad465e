using System.Text.Json;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Conversations.Cases;

/// <summary>Case state over <see cref="ICaseStore"/>: JSON in and out, one version step per transition.</summary>
internal sealed class CaseRepository(ICaseStore store, TimeProvider time)
{
    public static CaseState Read(CaseRecord record) =>
        JsonSerializer.Deserialize(record.StateJson, ConversationsJsonContext.Default.CaseState)
        ?? throw new InvalidDataException($"Case {record.CaseId} has empty state.");

    /// <summary>The activity showing the case's card: recorded by its delivery, or (cases from before) kept in the state.</summary>
    public static string? CardActivityOf(CaseRecord record, CaseState state) => record.CardActivityId ?? state.CardActivityId;

    public static string Write(CaseState state) => JsonSerializer.Serialize(state, ConversationsJsonContext.Default.CaseState);

    public async Task<(CaseRecord Record, CaseState State)?> GetAsync(string caseId, CancellationToken ct)
    {
        var record = string.IsNullOrEmpty(caseId) ? null : await store.GetAsync(caseId, ct).ConfigureAwait(false);
        return record is null ? null : (record, Read(record));
    }

    public async Task<(CaseRecord Record, CaseState State)?> FindOpenAsync(string conversationId, string userId, CancellationToken ct)
    {
        var record = await store.FindOpenAsync(conversationId, userId, ct).ConfigureAwait(false);
        return record is null ? null : (record, Read(record));
    }

    public async Task<IReadOnlyList<(CaseRecord Record, CaseState State)>> ListByUserAsync(string userId, int max, CancellationToken ct)
    {
        var records = await store.ListByUserAsync(userId, max, ct).ConfigureAwait(false);
        return records.Select(r => (r, Read(r))).ToList();
    }

    public async Task<IReadOnlyList<CaseRecord>> ListIdleAsync(TimeSpan idle, int max, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Cases idle for longer than 30 days were swept long ago (or predate this feature); no need to scan them.
        var records = await store.ListUpdatedBetweenAsync(now - idle - TimeSpan.FromDays(30), now - idle, max, ct).ConfigureAwait(false);
        return records.Where(r => r.Status == CaseStatus.Open).ToList();
    }

    public async Task<IReadOnlyList<(CaseRecord Record, CaseState State)>> ListUpdatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct)
    {
        var records = await store.ListUpdatedBetweenAsync(from, to, max, ct).ConfigureAwait(false);
        return records.Select(r => (r, Read(r))).ToList();
    }

    public Task<CaseRecord> InsertAsync(string caseId, string conversationId, string userId, CaseState state, CancellationToken ct) =>
        InsertAsync(caseId, conversationId, userId, state, null, ct);

    /// <param name="card">The case's card, queued for delivery with the case (one transaction), or null.</param>
    public async Task<CaseRecord> InsertAsync(string caseId, string conversationId, string userId, CaseState state, CardDelivery? card, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var record = new CaseRecord(caseId, conversationId, userId, state.Target ?? string.Empty, CaseStatusNames.For(state.Phase), Write(state), 1, now, now)
        {
            AwaitsDiagnosis = AwaitsDiagnosis(state),
        };
        var created = new CaseEvent(record.CaseId, 1, "created", Detail(state.Problem.ToString()), now);
        var ok = card is null
            ? await store.TryInsertAsync(record, created, ct).ConfigureAwait(false)
            : await store.TryInsertAsync(record, created, card, ct).ConfigureAwait(false);
        return ok ? record : throw new InvalidOperationException($"Case id {caseId} already exists.");
    }

    /// <summary>Writes the transition as version + 1 (with the escalation and the card's delivery, when given, in the same transaction). Null on a write conflict.</summary>
    public async Task<CaseRecord?> TryCommitAsync(CaseRecord current, Transition t, EscalationRequest? escalation, CardDelivery? card, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var updated = current with
        {
            Status = CaseStatusNames.For(t.State.Phase),
            StateJson = Write(t.State),
            Target = t.State.Target ?? current.Target,
            Version = current.Version + 1,
            UpdatedAt = now,
            AwaitsDiagnosis = AwaitsDiagnosis(t.State),
        };
        var recorded = new CaseEvent(current.CaseId, updated.Version, t.EventKind, Detail(t.EventDetail), now);
        var ok = card is null
            ? await store.TryUpdateAsync(updated, current.Version, recorded, escalation, ct).ConfigureAwait(false)
            : await store.TryUpdateAsync(updated, current.Version, recorded, escalation, card, ct).ConfigureAwait(false);
        return ok ? updated : null;
    }

    /// <summary>A case in Diagnosing with a target waits for its probe run, queued in the store with the case itself.</summary>
    public static bool AwaitsDiagnosis(CaseState state) => state.Phase == CasePhase.Diagnosing && state.Target is not null;

    private static string Detail(string detail) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["detail"] = detail }, ConversationsJsonContext.Default.DictionaryStringString);

    public static string NewId() => "c-" + Guid.NewGuid().ToString("N")[..20];
}
