using System.Text.Json.Serialization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Storage;

/// <summary>
/// Source-generated JSON for what the store keeps as documents: the outbox's escalation payload, whose
/// <see cref="Diagnosis"/> pulls in every probe evidence type. Enums as strings so rows read well in psql
/// and survive reordering of enum members.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EscalationRequest))]
[JsonSerializable(typeof(Diagnosis))]
[JsonSerializable(typeof(TicketRef))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
