using System.Text.Json;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Storage;

/// <summary>The escalation as the outbox stores it: JSON through the source-generated context.</summary>
internal static class OutboxPayload
{
    public static string Serialize(EscalationRequest request) =>
        JsonSerializer.Serialize(request, StorageJsonContext.Default.EscalationRequest);

    public static EscalationRequest Deserialize(string json, long id) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.EscalationRequest)
        ?? throw new InvalidOperationException($"Outbox row {id} holds a null payload.");

    public static void Validate(EscalationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.EscalationId);
        ArgumentException.ThrowIfNullOrEmpty(request.CaseId);
    }

    /// <summary>Errors are kept for people reading the dashboard; a runaway provider message is cut.</summary>
    public static string TrimError(string error) => error.Length <= 2000 ? error : string.Concat(error.AsSpan(0, 1997), "...");
}
