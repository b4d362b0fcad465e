using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Tests.Bot;

/// <summary>Activity in through the real host pipeline, reply out to the fake connector, with real tokens both ways.</summary>
public sealed class WholeHostProtocolTests : IAsyncLifetime
{
    private FakeChannelAuthority _authority = null!;
    private FakeTokenEndpoint _tokens = null!;
    private FakeConnector _connector = null!;
    private BotApplication _app = null!;

    public async ValueTask InitializeAsync()
    {
        _authority = await FakeChannelAuthority.StartAsync();
        _tokens = await FakeTokenEndpoint.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _app = new BotApplication(_authority, _tokens);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        await _tokens.DisposeAsync();
        await _authority.DisposeAsync();
    }

    private static string Message(string serviceUrl, string text) => new JsonObject
    {
        ["type"] = "message",
        ["id"] = "f:" + Guid.NewGuid().ToString("N"), // each activity its own: a repeated id is a redelivery, answered from the ledger
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "Alex Wilber" },
        ["recipient"] = new JsonObject { ["id"] = "28:" + BotApplication.AppId, ["name"] = "HelpdeskBot" },
        ["conversation"] = new JsonObject { ["id"] = "a:personal-1", ["conversationType"] = "personal", ["tenantId"] = "tenant-1" },
        ["text"] = text,
    }.ToJsonString();

    private async Task<HttpResponseMessage> PostAsync(string body, string? token)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task An_authenticated_hello_gets_a_card_reply_sent_with_the_bots_token()
    {
        var token = _authority.CreateToken(BotApplication.AppId, _connector.ServiceUrl);
        var message = Message(_connector.ServiceUrl, "hello");
        using var response = await PostAsync(message, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_connector.Requests);
        Assert.Equal("POST", reply.Method);
        Assert.Equal($"/v3/conversations/a:personal-1/activities/{JsonNode.Parse(message)!["id"]}", reply.Path);
        Assert.Equal(_tokens.LastToken, reply.BearerToken);
        Assert.Equal("AdaptiveCard", (string?)reply.Card!["type"]);
        Assert.Contains("Hello! You said: hello", reply.Card.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(HelpdeskBot.Testing.Cards.AdaptiveCardSchema.Errors(reply.Card.ToJsonString()));
        Assert.Equal("Action.Execute", (string?)reply.Card["actions"]![0]!["type"]);
        Assert.Equal(BotApplication.AppId, Assert.Single(_tokens.Requests).Form["client_id"]);
    }

    [Fact]
    public async Task A_forged_activity_pointing_elsewhere_never_receives_the_token()
    {
        // Valid token for the real connector, but the activity names another serviceUrl: rejected before any send.
        var token = _authority.CreateToken(BotApplication.AppId, _connector.ServiceUrl);
        await using var attacker = await FakeConnector.StartAsync();
        using var response = await PostAsync(Message(attacker.ServiceUrl, "hello"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(attacker.Requests);
        Assert.Empty(_tokens.Requests);
    }

    [Fact]
    public async Task Without_a_token_the_host_answers_401_even_from_loopback_when_an_app_id_is_set()
    {
        using var response = await PostAsync(Message(_connector.ServiceUrl, "hello"), token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task The_host_answers_the_action_execute_invoke_with_a_refreshed_card()
    {
        var token = _authority.CreateToken(BotApplication.AppId, _connector.ServiceUrl);
        var invoke = JsonNode.Parse(Message(_connector.ServiceUrl, string.Empty))!;
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = JsonNode.Parse("""{"action":{"type":"Action.Execute","verb":"hello.again","data":{"clicks":"2"}},"trigger":"manual"}""");
        using var response = await PostAsync(invoke.ToJsonString(), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        Assert.Contains("Card refreshed (3", body["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(HelpdeskBot.Testing.Cards.AdaptiveCardSchema.Errors(body["value"]!.ToJsonString()));
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task The_bot_added_to_a_team_sends_a_welcome_card()
    {
        var token = _authority.CreateToken(BotApplication.AppId, _connector.ServiceUrl);
        var update = JsonNode.Parse(Message(_connector.ServiceUrl, string.Empty))!;
        update["type"] = "conversationUpdate";
        update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:" + BotApplication.AppId });
        using var response = await PostAsync(update.ToJsonString(), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HelpdeskBot", Assert.Single(_connector.Requests).Card!.ToJsonString(), StringComparison.Ordinal);
    }
}
