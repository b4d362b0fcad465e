using System.Net;
using System.Text.Json.Nodes;
using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.Protocol.Routing;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Tests.Hosting;

public sealed class BotMessagesEndpointTests : AnonymousHostTest
{
    [Theory]
    [InlineData("conversationupdate-bot-added-to-team.json", "membersAdded:bot")]
    [InlineData("conversationupdate-team-member-added-user.json", "membersAdded")]
    [InlineData("installationupdate-add-team.json", "installationUpdate:add")]
    [InlineData("message-action-submit-value.json", "submit")]
    [InlineData("message-channel-mention-2019.json", "message")]
    [InlineData("message-channel-mention.json", "message")]
    [InlineData("message-personal.json", "message")]
    [InlineData("messagereaction-added.json", "reaction")]
    [InlineData("messagereaction-removed.json", "reaction")]
    public async Task Each_real_payload_reaches_its_handler_and_gets_200_empty(string file, string method)
    {
        using var response = await Host.PostAsync(WithServiceUrl(file));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        var call = Assert.Single(Host.Handler.Calls);
        Assert.Equal(method, call.Method);
        Assert.False(call.Turn.IsAuthenticated);
    }

    [Fact]
    public async Task An_action_execute_invoke_answers_the_universal_actions_body()
    {
        using var response = await Host.PostAsync(WithServiceUrl("invoke-adaptivecard-action-execute.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        Assert.Equal("AdaptiveCard", (string?)body["value"]!["type"]);
        Assert.Equal("cardAction", Assert.Single(Host.Handler.Calls).Method);
    }

    [Fact]
    public async Task A_failing_card_action_answers_a_universal_actions_error_without_detail()
    {
        Host.Handler.Throw = new InvalidOperationException("secret internal detail");
        using var response = await Host.PostAsync(WithServiceUrl("invoke-adaptivecard-action-execute.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;
        Assert.Equal(500, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.error", (string?)body["type"]);
        Assert.DoesNotContain("secret internal detail", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_message_handler_answers_500_without_detail()
    {
        Host.Handler.Throw = new InvalidOperationException("secret internal detail");
        using var response = await Host.PostAsync(WithServiceUrl("message-personal.json"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unhandled_invoke_answers_501()
    {
        var invoke = JsonNode.Parse(WithServiceUrl("invoke-adaptivecard-action-execute.json"))!;
        invoke["name"] = "task/fetch";
        using var response = await Host.PostAsync(invoke.ToJsonString());
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode); // as the Bot Framework SDK answers (protocol README §6)
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Empty(Host.Handler.Calls);
    }

    [Fact]
    public async Task A_channel_message_without_mention_is_ignored()
    {
        var node = JsonNode.Parse(WithServiceUrl("message-channel-mention.json"))!;
        node["entities"] = new JsonArray();
        using var response = await Host.PostAsync(node.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Host.Handler.Calls);
    }

    [Fact]
    public async Task The_handler_sees_the_text_without_its_mention()
    {
        using var response = await Host.PostAsync(WithServiceUrl("message-channel-mention.json"));
        Assert.Equal("reply to thread", Assert.Single(Host.Handler.Calls).Turn.Text.Plain);
    }

    [Theory]
    [InlineData("{\"type\":")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"text\":\"no type\",\"serviceUrl\":\"http://127.0.0.1:1/\"}")]
    [InlineData("{\"type\":\"message\",\"text\":\"no serviceUrl\"}")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"javascript:alert(1)\"}")]
    [InlineData("")]
    public async Task Malformed_or_incomplete_activities_get_400(string body)
    {
        using var response = await Host.PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Host.Handler.Calls);
    }

    [Fact]
    public async Task A_body_above_the_limit_gets_413()
    {
        var big = $$"""{"type":"message","serviceUrl":"{{Connector.ServiceUrl}}","text":"{{new string('x', 300 * 1024)}}"}""";
        using var response = await Host.PostAsync(big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Host.Handler.Calls);
    }

    [Fact]
    public async Task A_chunked_body_above_the_limit_gets_413()
    {
        var big = $$"""{"type":"message","serviceUrl":"{{Connector.ServiceUrl}}","text":"{{new string('x', 300 * 1024)}}"}""";
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_message_reply_goes_to_theConnector_as_a_threaded_reply()
    {
        Host.Handler.ReplyToMessages = true;
        using var response = await Host.PostAsync(WithServiceUrl("message-personal.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(Connector.Requests);
        var inbound = JsonNode.Parse(Payloads.Read("message-personal.json"))!;
        Assert.Equal("POST", sent.Method);
        Assert.Equal($"/v3/conversations/{inbound["conversation"]!["id"]}/activities/{inbound["id"]}", sent.Path);
        Assert.Null(sent.BearerToken); // anonymous local mode never sends a token
        Assert.Equal("message", (string?)sent.Body!["type"]);
        Assert.Equal((string?)inbound["id"], (string?)sent.Body["replyToId"]);
        Assert.Equal((string?)inbound["recipient"]!["id"], (string?)sent.Body["from"]!["id"]);
    }

    [Fact]
    public async Task Work_queued_in_the_background_runs_after_the_answer()
    {
        var release = new TaskCompletionSource();
        Host.Handler.OnMessage = turn =>
        {
            Assert.True(turn.RunInBackground(async (t, ct) =>
            {
                await release.Task.WaitAsync(ct);
                await t.SendTextAsync("later", ct);
            }));
            return Task.CompletedTask;
        };

        using var response = await Host.PostAsync(WithServiceUrl("message-personal.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // answered while the work still waits
        Assert.Empty(Connector.Requests);
        release.SetResult();
        var sent = await Connector.WaitForRequestsAsync(1);
        Assert.Equal("later", sent[0].Text);
    }

    [Fact]
    public async Task Anonymous_mode_in_production_fails_at_start_up_with_a_clear_message()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => LoopbackServer.StartAsync(
            app => app.MapBotMessages(),
            builder =>
            {
                builder.Services.AddHelpdeskBotProtocol(builder.Configuration);
                builder.Services.AddSingleton<IBotHandler, RecordingBotHandler>();
            },
            environment: "Production"));
        Assert.Contains("MicrosoftAppId is not set and the environment is Production", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_route_fails_at_start_up()
    {
        var duplicate = new BotRoute("installationUpdate", _ => false, (_, _, _) => Task.FromResult<HelpdeskBot.Protocol.Activities.InvokeResponse?>(null));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ProtocolHost.StartAnonymousAsync(services: s => s.AddBotRoute(duplicate)));
    }

    [Fact]
    public async Task Anonymous_mode_rejects_callers_that_are_not_on_loopback()
    {
        // Kestrel bound to loopback cannot receive a foreign address here; TestServer-like contexts without a
        // remote address must also be refused, so build the endpoint's view directly.
        await using var host = await LoopbackServer.StartAsync(
            app =>
            {
                app.Use((context, next) =>
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10"); // TEST-NET-1, never contacted
                    return next(context);
                });
                app.MapBotMessages();
            },
            builder =>
            {
                builder.Services.AddHelpdeskBotProtocol(builder.Configuration);
                builder.Services.AddSingleton<IBotHandler, RecordingBotHandler>();
            },
            environment: "Development");
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await client.PostAsync("api/messages", new StringContent(WithServiceUrl("message-personal.json"), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
