using System.Text.Json;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Storage.Tests;

/// <summary>Records holding lists compare by reference: stored escalations are compared by their JSON instead.</summary>
internal static class StoredJson
{
    public static string Of(EscalationRequest request) => JsonSerializer.Serialize(request, StorageJsonContext.Default.EscalationRequest);
}
