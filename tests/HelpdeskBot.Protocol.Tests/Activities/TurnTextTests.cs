using System.Text.Json;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Protocol.Tests.Activities;

public sealed class TurnTextTests
{
    private static Activity Message(string text, params (string Id, string Name)[] mentions) => new()
    {
        Type = "message",
        Text = text,
        Recipient = new ChannelAccount { Id = "28:bot", Name = "HelpdeskBot" },
        Entities = [.. mentions.Select(m => new Entity { Type = "mention", Mentioned = new ChannelAccount { Id = m.Id, Name = m.Name }, Text = $"<at>{m.Name}</at>" })],
    };

    private static Activity Payload(string name) => JsonSerializer.Deserialize(Payloads.Read(name), ProtocolJsonContext.Default.Activity)!;

    [Fact]
    public void Strips_only_the_bots_own_mention_and_keeps_other_peoples_names()
    {
        var activity = Message("<at>HelpdeskBot</at> ask <at>Alex</at> about wiki", ("28:bot", "HelpdeskBot"), ("29:alex", "Alex"));
        Assert.True(MentionText.IsMentioned(activity, "28:bot"));
        Assert.Equal("ask Alex about wiki", TurnText.Of(activity).Plain);
    }

    [Fact]
    public void Keeps_text_when_the_bot_is_not_mentioned()
    {
        var activity = Message("<at>Alex</at> hi", ("29:alex", "Alex"));
        Assert.False(MentionText.IsMentioned(activity, "28:bot"));
        Assert.Equal("Alex hi", TurnText.Of(activity).Plain);
    }

    [Fact]
    public void Someone_named_in_the_middle_keeps_the_name_even_when_the_bot_is_mentioned_first()
    {
        var activity = Message("<at>HelpdeskBot</at> <at>Jane Doe</at>&#39;s wiki.contoso.com gives 502", ("28:bot", "HelpdeskBot"), ("29:jane", "Jane Doe"));
        Assert.Equal("Jane Doe's wiki.contoso.com gives 502", TurnText.Of(activity).Plain);
    }

    [Fact]
    public void Strips_the_mention_from_html_formatted_text_and_decodes_references()
    {
        var activity = Message("<p><at>HelpdeskBot</at>&nbsp;I&#39;m getting a 502 on <b>wiki</b> &amp; mail</p>", ("28:bot", "HelpdeskBot"));
        activity.TextFormat = "xml";
        Assert.Equal("I'm getting a 502 on wiki & mail", TurnText.Of(activity).Plain);
    }

    [Fact]
    public void Strips_a_mention_whose_entity_text_differs_from_the_message_text()
    {
        var activity = Message("<at id=\"0\">Help &amp; Desk</at> status", ("28:bot", "Help & Desk"));
        activity.Entities![0].Text = "<at>Help & Desk</at>";
        Assert.Equal("status", TurnText.Of(activity).Plain);
    }

    [Fact]
    public void Strips_a_bot_name_split_over_two_mentions_and_a_leading_plain_at_name()
    {
        var split = Message("<at>Helpdesk</at>&nbsp;<at>Bot</at> 504 on the intranet", ("28:bot", "Helpdesk"), ("28:bot", "Bot"));
        Assert.Equal("504 on the intranet", TurnText.Of(split).Plain);
        Assert.Equal("502 on wiki", TurnText.Of(Message("<p>@HelpdeskBot 502 on wiki</p>")).Plain);
        Assert.Equal("@Alex 502 on wiki", TurnText.Of(Message("@Alex 502 on wiki")).Plain);
        Assert.Equal("ask @HelpdeskBot", TurnText.Of(Message("ask @HelpdeskBot")).Plain);
    }

    [Fact]
    public void Collects_the_links_of_anchors_with_references_decoded()
    {
        var text = TurnText.Of(Message("<p>500 on <a href=\"https://expenses.contoso.com/claims?id=7&amp;tab=2\">expenses</a> and <a href='mailto:x@contoso.com'>x</a> <a href=\"http://wiki\">wiki</a></p>"));
        Assert.Equal("500 on expenses and x wiki", text.Plain);
        Assert.Equal(["https://expenses.contoso.com/claims?id=7&tab=2", "http://wiki"], text.Links);
    }

    [Fact]
    public void Block_tags_and_line_breaks_become_one_newline_and_spaces_collapse()
    {
        var text = TurnText.Of(Message("  <p>502&nbsp;&nbsp;Bad Gateway</p><p></p>\r\n<div>nginx</div> \u200Bthere "));
        Assert.Equal("502 Bad Gateway\nnginx\nthere", text.Plain);
        Assert.Empty(text.Links);
        Assert.Same(TurnText.Empty, TurnText.Of(new Activity { Type = "message" }));
    }

    [Fact]
    public void A_plain_message_is_taken_as_it_is_and_anything_else_is_read()
    {
        const string plain = "I'm getting a 502 on wiki.contoso.com";
        Assert.Same(plain, TurnText.Of(Message(plain)).Plain);
        Assert.Equal(plain, TurnText.Of(Message(" I'm getting  a 502 on\twiki.contoso.com\u00A0")).Plain);
        Assert.Equal(new string('x', TurnText.MaxLength), TurnText.Of(Message(new string('x', TurnText.MaxLength + 1))).Plain);
    }

    [Fact]
    public void Reads_the_real_channel_payloads()
    {
        // teams.net's capture: "<at>ridotest</at> reply to thread"; botbuilder-js's 2019 capture: the mention's name
        // ("My Combined") is not the recipient's ("teams2"), and the text ends with a newline.
        Assert.Equal("reply to thread", TurnText.Of(Payload("message-channel-mention.json")).Plain);
        Assert.Equal("1", TurnText.Of(Payload("message-channel-mention-2019.json")).Plain);
        Assert.Equal("Hello Teams TestBot.Sending bold-italic rich text", TurnText.Of(Payload("message-personal.json")).Plain);
    }

    [Fact]
    public void A_report_in_the_real_channel_payload_reads_as_plain_text_and_links()
    {
        var text = TeamsMessages.Text("<p><at>Helpdesk</at>&nbsp;<at>Bot</at> I get a 502 on <a href=\"https://wiki.contoso.com/x?a=1&amp;b=2\">wiki.contoso.com/x</a></p>");
        Assert.Equal("I get a 502 on wiki.contoso.com/x", text.Plain);
        Assert.Equal(["https://wiki.contoso.com/x?a=1&b=2"], text.Links);
    }

    [Theory]
    [MemberData(nameof(WorstInputs))]
    public void Worst_inputs_are_read_within_the_caps(string name)
    {
        var activity = Message("<at>bot</at> " + PathologicalTexts.Text(name), ("28:bot", "bot"));
        var text = TurnText.Of(activity);
        Assert.True(text.Plain.Length <= TurnText.MaxLength, $"{text.Plain.Length} characters kept");
        Assert.DoesNotContain("<at>", text.Plain, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string> WorstInputs() => new(PathologicalTexts.Names);
}
