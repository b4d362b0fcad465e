using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Conversations.Delivery;

/// <summary>
/// A one-off message as stored in its delivery row, in the protocol's JSON: <c>{"conversation": reference, "activity":
/// activity}</c>, or, for a message under a live card, <c>{"card": {"kind", "subject"}, "activity": activity}</c> (the
/// conversation is the card's at send time). A message may add what it claims: <c>"claim": {"kind", "subject",
/// "generation"}</c> (<see cref="MessageClaim"/>).
/// </summary>
internal static class MessagePayload
{
    public static string Serialize(ConversationReference conversation, Activity activity, MessageClaim? claim = null) => WithClaim(new JsonObject
    {
        ["conversation"] = JsonSerializer.SerializeToNode(conversation, ProtocolJsonContext.Default.ConversationReference),
        ["activity"] = JsonSerializer.SerializeToNode(activity, ProtocolJsonContext.Default.Activity),
    }, claim);

    public static string Serialize(LiveCard card, Activity activity, MessageClaim? claim = null) => WithClaim(new JsonObject
    {
        ["card"] = new JsonObject { ["kind"] = card.Kind, ["subject"] = card.SubjectId },
        ["activity"] = JsonSerializer.SerializeToNode(activity, ProtocolJsonContext.Default.Activity),
    }, claim);

    private static string WithClaim(JsonObject node, MessageClaim? claim)
    {
        if (claim is not null)
        {
            node["claim"] = new JsonObject { ["kind"] = claim.Kind, ["subject"] = claim.SubjectId, ["generation"] = claim.Generation };
        }

        return node.ToJsonString();
    }

    /// <returns>The message, with either its conversation or the live card it goes under.</returns>
    public static StoredMessage Deserialize(string json)
    {
        var node = JsonNode.Parse(json) ?? throw new InvalidDataException("Empty message delivery payload.");
        var activity = node["activity"].Deserialize(ProtocolJsonContext.Default.Activity)
            ?? throw new InvalidDataException("Message delivery payload without an activity.");
        if (node["card"] is JsonObject card)
        {
            var kind = (string?)card["kind"];
            var subject = (string?)card["subject"];
            return kind is { Length: > 0 } && subject is { Length: > 0 }
                ? new StoredMessage(null, new LiveCard(kind, subject), activity) { Claim = ReadClaim(node["claim"]) }
                : throw new InvalidDataException("Message delivery payload with an incomplete card.");
        }

        var conversation = node["conversation"].Deserialize(ProtocolJsonContext.Default.ConversationReference)
            ?? throw new InvalidDataException("Message delivery payload without a conversation.");
        return new StoredMessage(conversation, null, activity) { Claim = ReadClaim(node["claim"]) };
    }

    private static MessageClaim? ReadClaim(JsonNode? claim) => claim switch
    {
        null => null,
        JsonObject o when (string?)o["kind"] is { Length: > 0 } kind && (string?)o["subject"] is { Length: > 0 } subject && (int?)o["generation"] is { } generation =>
            new MessageClaim(kind, subject, generation),
        _ => throw new InvalidDataException("Message delivery payload with an incomplete claim."),
    };
}

/// <param name="Conversation">Where the message goes (null for a message under a live card).</param>
/// <param name="Card">The live card whose conversation the message goes to at send time.</param>
internal sealed record StoredMessage(ConversationReference? Conversation, LiveCard? Card, Activity Activity)
{
    /// <summary>What the message claims, checked when it is due (null: nothing that can stop being so).</summary>
    public MessageClaim? Claim { get; init; }
}
