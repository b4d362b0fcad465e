using System.Text.Json;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Protocol.Tests.Activities;

public sealed class ActivityBuilderTests
{
    [Fact]
    public void A_reply_swaps_from_and_recipient_and_keeps_the_conversation()
    {
        var inbound = JsonSerializer.Deserialize(Payloads.Read("message-personal.json"), ProtocolJsonContext.Default.Activity)!;
        var reply = inbound.CreateReply("hi");
        Assert.Equal(inbound.Recipient!.Id, reply.From!.Id);
        Assert.Equal(inbound.From!.Id, reply.Recipient!.Id);
        Assert.Equal(inbound.Conversation!.Id, reply.Conversation!.Id);
        Assert.Equal(inbound.Id, reply.ReplyToId);
        Assert.Equal("message", reply.Type);
    }

    [Fact]
    public void A_conversation_reference_keeps_what_a_proactive_message_needs()
    {
        var inbound = JsonSerializer.Deserialize(Payloads.Read("message-channel-mention.json"), ProtocolJsonContext.Default.Activity)!;
        var reference = ConversationReference.FromActivity(inbound)!;
        Assert.Equal(inbound.ServiceUrl, reference.ServiceUrl);
        Assert.Equal(inbound.Conversation!.Id, reference.ConversationId);
        Assert.Equal("50612dbb-0237-4969-b378-8d42590f9c00", reference.TenantId);
        Assert.Equal("28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8", reference.BotId);
        Assert.StartsWith("29:", reference.UserId, StringComparison.Ordinal);

        var stored = JsonSerializer.Serialize(reference, ProtocolJsonContext.Default.ConversationReference);
        Assert.Equal(reference, JsonSerializer.Deserialize(stored, ProtocolJsonContext.Default.ConversationReference));
    }

    [Fact]
    public void The_tenant_comes_from_channel_data_when_the_conversation_lacks_it()
    {
        var activity = JsonSerializer.Deserialize("""{"type":"message","conversation":{"id":"a:1"},"channelData":{"tenant":{"id":"t-1"}}}""", ProtocolJsonContext.Default.Activity)!;
        Assert.Equal("t-1", activity.TenantId);
    }
}
