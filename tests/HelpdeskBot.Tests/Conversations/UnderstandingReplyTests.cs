namespace HelpdeskBot.Tests.Conversations;

/// <summary>What the bot answers to messages that are not reports (issue 14 item 5), through /api/messages.</summary>
public sealed class UnderstandingReplyTests : IAsyncLifetime
{
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ConversationHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Question_about_a_code_gets_a_short_explanation_and_which_site_but_no_case()
    {
        await _host.SayAsync("what does 502 mean?");

        var replies = await _host.Connector.WaitForRequestsAsync(1);
        var reply = Assert.Single(replies);
        Assert.Null(reply.Card);
        Assert.Contains("Bad Gateway", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Which site shows it?", reply.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I shared the link to wiki.contoso.com in the channel")]
    [InlineData("my printer shows error 502")]
    public async Task Sentence_that_is_not_a_report_starts_no_flow(string text)
    {
        await _host.SayAsync(text);

        var reply = Assert.Single(await _host.Connector.WaitForRequestsAsync(1));
        Assert.Null(reply.Card);
        Assert.Contains("I didn't catch a problem", reply.Text, StringComparison.Ordinal);
    }
}
