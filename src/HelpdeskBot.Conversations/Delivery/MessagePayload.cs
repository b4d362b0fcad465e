using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>A one-off message as stored in its delivery row: <c>{"conversation": reference, "activity": activity}</c> in the protocol's JSON.</summary>
internal static class MessagePayload
{
    public static string Serialize(ConversationReference conversation, Activity activity) => new JsonObject
    {
        ["conversation"] = JsonSerializer.SerializeToNode(conversation, ProtocolJsonContext.Default.ConversationReference),
        ["activity"] = JsonSerializer.SerializeToNode(activity, ProtocolJsonContext.Default.Activity),
    }.ToJsonString();

    public static (ConversationReference Conversation, Activity Activity) Deserialize(string json)
    {
        var node = JsonNode.Parse(json) ?? throw new InvalidDataException("Empty message delivery payload.");
        var conversation = node["conversation"].Deserialize(ProtocolJsonContext.Default.ConversationReference)
            ?? throw new InvalidDataException("Message delivery payload without a conversation.");
        var activity = node["activity"].Deserialize(ProtocolJsonContext.Default.Activity)
            ?? throw new InvalidDataException("Message delivery payload without an activity.");
        return (conversation, activity);
    }
}
