using System.Text.Json.Serialization;
using HelpdeskBot.Conversations.Cases;

namespace HelpdeskBot.Conversations;

/// <summary>Source-generated JSON for case state and audit details.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CaseState))]
[JsonSerializable(typeof(HelpDesk.IncidentDeskState))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ConversationsJsonContext : JsonSerializerContext;
