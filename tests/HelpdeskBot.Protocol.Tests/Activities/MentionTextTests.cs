using System.Text.Json;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Protocol.Tests.Activities;

public sealed class MentionTextTests
{
    private static Activity Message(string text, params (string Id, string Name)[] mentions) => new()
    {
        Type = "message",
        Text = text,
        Recipient = new ChannelAccount { Id = "28:bot", Name = "HelpdeskBot" },
        Entities = [.. mentions.Select(m => new Entity { Type = "mention", Mentioned = new ChannelAccount { Id = m.Id, Name = m.Name }, Text = $"<at>{m.Name}</at>" })],
    };

    [Fact]
    public void Strips_only_the_bots_own_mention()
    {
        var activity = Message("<at>HelpdeskBot</at> ask <at>Alex</at> about wiki", ("28:bot", "HelpdeskBot"), ("29:alex", "Alex"));
        Assert.True(MentionText.IsMentioned(activity, "28:bot"));
        Assert.Equal("ask Alex about wiki", MentionText.StripBotMention(activity, "28:bot"));
    }

    [Fact]
    public void Keeps_text_when_the_bot_is_not_mentioned()
    {
        var activity = Message("<at>Alex</at> hi", ("29:alex", "Alex"));
        Assert.False(MentionText.IsMentioned(activity, "28:bot"));
        Assert.Equal("Alex hi", MentionText.StripBotMention(activity, "28:bot"));
    }

    [Fact]
    public void Strips_the_mention_from_html_formatted_text_and_decodes_entities()
    {
        var activity = Message("<p><at>HelpdeskBot</at>&nbsp;I&#39;m getting a 502 on <b>wiki</b> &amp; mail</p>", ("28:bot", "HelpdeskBot"));
        activity.TextFormat = "xml";
        Assert.Equal("I'm getting a 502 on wiki & mail", MentionText.StripBotMention(activity, "28:bot"));
    }

    [Fact]
    public void Strips_a_mention_whose_entity_text_differs_from_the_message_text()
    {
        var activity = Message("<at id=\"0\">Help &amp; Desk</at> status", ("28:bot", "Help & Desk"));
        activity.Entities![0].Text = "<at>Help & Desk</at>";
        Assert.Equal("status", MentionText.StripBotMention(activity, "28:bot"));
    }

    [Fact]
    public void Strips_the_mention_of_the_real_channel_payload()
    {
        var activity = JsonSerializer.Deserialize(Payloads.Read("message-channel-mention.json"), ProtocolJsonContext.Default.Activity)!;
        Assert.Equal("reply to thread", MentionText.StripBotMention(activity, activity.Recipient!.Id));
        var old = JsonSerializer.Deserialize(Payloads.Read("message-channel-mention-2019.json"), ProtocolJsonContext.Default.Activity)!;
        Assert.Equal("1", MentionText.StripBotMention(old, old.Recipient!.Id));
    }

    [Fact]
    public void Plain_text_without_mention_is_only_trimmed()
    {
        Assert.Equal("hello  there", MentionText.StripBotMention(Message("  hello  there "), "28:bot"));
        Assert.Equal(string.Empty, MentionText.StripBotMention(new Activity { Type = "message" }, "28:bot"));
    }
}
