using System.Net;
using System.Text.Json.Nodes;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Protocol.Tests.Hosting;

/// <summary>
/// Issue 12 item 7: the Bot Service redelivers an activity when the bot is slow and a reset connection makes the
/// sender retry. The activity id (with the conversation id) is an idempotency key: the redelivery gets the same
/// answer and the handler runs once.
/// </summary>
public sealed class RedeliveryTests : AnonymousHostTest
{
    [Fact]
    public async Task A_redelivered_message_is_answered_again_and_handled_once()
    {
        Host.Handler.ReplyToMessages = true;
        var message = WithServiceUrl("message-personal.json");
        for (var i = 0; i < 3; i++)
        {
            using var response = await Host.PostAsync(message);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(Host.Handler.Calls);
        Assert.Single(Connector.Requests); // one reply, not three
    }

    [Fact]
    public async Task A_redelivered_invoke_gets_the_same_body_and_the_card_action_runs_once()
    {
        var invoke = WithServiceUrl("invoke-adaptivecard-action-execute.json");
        using var first = await Host.PostAsync(invoke);
        using var second = await Host.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("application/json; charset=utf-8", second.Content.Headers.ContentType?.ToString());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Single(Host.Handler.Calls);
    }

    [Fact]
    public async Task The_same_activity_id_in_another_conversation_is_handled()
    {
        var message = JsonNode.Parse(WithServiceUrl("message-personal.json"))!;
        using (await Host.PostAsync(message.ToJsonString()))
        {
        }

        message["conversation"]!["id"] = "a:another-conversation";
        using (await Host.PostAsync(message.ToJsonString()))
        {
        }

        Assert.Equal(2, Host.Handler.Calls.Count);
    }

    [Fact]
    public async Task A_redelivery_while_the_first_is_still_running_waits_for_its_answer()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Host.Handler.OnMessage = async _ =>
        {
            entered.TrySetResult();
            await release.Task;
        };
        var message = WithServiceUrl("message-personal.json");

        var first = Host.PostAsync(message);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = Host.PostAsync(message);
        Assert.False(second.IsCompleted);
        release.SetResult();

        using var a = await first;
        using var b = await second;
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (a.StatusCode, b.StatusCode));
        Assert.Single(Host.Handler.Calls);
    }

    [Fact]
    public async Task A_sender_that_hangs_up_does_not_cut_the_turn_short_and_its_retry_gets_the_answer()
    {
        // The reset-connection case: the first request is abandoned mid-turn; the turn still completes once and
        // the retry is answered from it instead of running the handler again.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Host.Handler.OnMessage = async turn =>
        {
            entered.TrySetResult();
            await release.Task;
            await turn.SendTextAsync("done", default);
            finished.TrySetResult();
        };
        var message = WithServiceUrl("message-personal.json");

        using (var hangUp = new CancellationTokenSource())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(message, System.Text.Encoding.UTF8, "application/json") };
            var abandoned = Host.Client.SendAsync(request, hangUp.Token);
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await hangUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }

        var retry = Host.PostAsync(message);
        release.SetResult();
        using var response = await retry;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(Host.Handler.Calls);
        Assert.Equal("done", Assert.Single(Connector.Requests).Text);
    }

    [Fact]
    public async Task A_turn_that_failed_is_run_again_when_redelivered()
    {
        Host.Handler.Throw = new InvalidOperationException("store down");
        var message = WithServiceUrl("message-personal.json");
        using (var failed = await Host.PostAsync(message))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        Host.Handler.Throw = null;
        using var retried = await Host.PostAsync(message);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, Host.Handler.Calls.Count);
    }
}
