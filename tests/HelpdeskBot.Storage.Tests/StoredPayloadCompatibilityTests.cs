using System.Text.Json;

namespace HelpdeskBot.Storage.Tests;

/// <summary>Outbox rows already in a database keep reading after the payload types change.</summary>
public sealed class StoredPayloadCompatibilityTests
{
    [Fact]
    public void An_escalation_stored_with_the_channel_address_in_its_conversation_link_still_reads()
    {
        var current = StoredJson.Of(TestEscalations.Create("esc-old-1", "case-old-1"));
        const string Link = "\"conversation\":{\"tenantId\":\"tenant-1\",\"deepLink\":\"https://teams.microsoft.com/l/message/19:abc/1700000000000\"}";
        Assert.Contains(Link, current, StringComparison.Ordinal);
        // The shape written before the link kept only what is read (service URL, conversation, card, bot ids too).
        var stored = current.Replace(
            Link,
            "\"conversation\":{\"serviceUrl\":\"https://smba.trafficmanager.net/emea/\",\"conversationId\":\"a:conv-1\",\"cardActivityId\":\"1700000000000\",\"tenantId\":\"tenant-1\",\"botId\":\"28:bot\",\"deepLink\":\"https://teams.microsoft.com/l/message/19:abc/1700000000000\"}",
            StringComparison.Ordinal);

        var read = JsonSerializer.Deserialize(stored, StorageJsonContext.Default.EscalationRequest)!;

        Assert.Equal(("tenant-1", "https://teams.microsoft.com/l/message/19:abc/1700000000000"), (read.Conversation.TenantId, read.Conversation.DeepLink));
        Assert.Equal("esc-old-1", read.EscalationId);
    }
}
