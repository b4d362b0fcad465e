using HelpdeskBot.Testing;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>The messages that once pinned a CPU core for minutes (issue 12 item 1), sent through /api/messages.</summary>
public sealed class PathologicalMessageTests : IAsyncLifetime
{
    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ConversationHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    // Every one, "run-<" and "open-tags" included: Protocol's MentionText strips tags in one linear pass (issue 12 item 6).
    public static TheoryData<string> Names() => new(PathologicalTexts.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Worst_message_is_answered_and_the_bot_still_takes_a_report(string name)
    {
        // Generous guards: a regression fails the test instead of hanging the run (speed is the benchmark's job).
        var guard = TimeSpan.FromSeconds(60);
        await _host.SayAsync(PathologicalTexts.Text(name)).WaitAsync(guard);
        var answered = await _host.Connector.WaitForRequestsAsync(1, guard);
        Assert.NotEmpty(answered);

        var before = _host.Connector.Requests.Count;
        await _host.SayAsync("help").WaitAsync(guard);
        await _host.WaitForCardAsync("How I can help", before).WaitAsync(guard);
    }
}
