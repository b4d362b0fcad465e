using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HelpdeskBot.Protocol.Connector;
using HelpdeskBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Protocol.Tests.Hosting;

/// <summary>
/// Issue 12 item 6, each defect reproduced: every bad input to <c>/api/messages</c> is an RFC 7807 problem
/// (400, 413 or 415), never a 500 and never a stack trace — the host runs in Development, where an escaping
/// exception would print one.
/// </summary>
public sealed class BadInputTests : AnonymousHostTest
{
    internal static readonly System.Text.Json.JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private JsonObject Personal() => Valid(Connector.ServiceUrl);

    /// <summary>The real personal message with <paramref name="serviceUrl"/>.</summary>
    internal static JsonObject Valid(string serviceUrl)
    {
        var node = JsonNode.Parse(Payloads.Read("message-personal.json"))!.AsObject();
        node["serviceUrl"] = serviceUrl;
        return node;
    }

    public static TheoryData<string, Action<JsonObject>> BadActivities() => new()
    {
        { "no conversation", a => a.Remove("conversation") },
        { "conversation null", a => a["conversation"] = null },
        { "conversation without id", a => a["conversation"] = new JsonObject { ["conversationType"] = "personal" } },
        { "conversation id empty", a => a["conversation"]!["id"] = "" },
        { "conversation a string", a => a["conversation"] = "a:1" },
        { "conversation id a number", a => a["conversation"]!["id"] = 5 },
        { "conversation isGroup a string", a => a["conversation"]!["isGroup"] = "yes" },
        { "no from", a => a.Remove("from") },
        { "from without id", a => a["from"] = new JsonObject { ["name"] = "Megan Bowen" } },
        { "from id blank", a => a["from"]!["id"] = "  " },
        { "from an array", a => a["from"] = new JsonArray() },
        { "no recipient", a => a.Remove("recipient") },
        { "recipient without id", a => a["recipient"] = new JsonObject() },
        { "no serviceUrl", a => a.Remove("serviceUrl") },
        { "serviceUrl a number", a => a["serviceUrl"] = 443 },
        { "serviceUrl relative", a => a["serviceUrl"] = "/amer/" },
        { "serviceUrl ftp", a => a["serviceUrl"] = "ftp://127.0.0.1/" },
        { "no type", a => a.Remove("type") },
        { "type an object", a => a["type"] = new JsonObject() },
        { "text a number", a => a["text"] = 502 },
        { "text an object", a => a["text"] = new JsonObject() },
        { "timestamp not a date", a => a["timestamp"] = "yesterday" },
        { "entities an object", a => a["entities"] = new JsonObject() },
        { "entities [null]", a => a["entities"] = new JsonArray((JsonNode?)null) },
        { "entities [5]", a => a["entities"] = new JsonArray(5) },
        { "entity mentioned a string", a => a["entities"] = new JsonArray(new JsonObject { ["type"] = "mention", ["mentioned"] = "28:bot" }) },
        { "attachments [null]", a => a["attachments"] = new JsonArray((JsonNode?)null) },
        { "membersAdded [null]", a => { a["type"] = "conversationUpdate"; a["membersAdded"] = new JsonArray((JsonNode?)null); } },
        { "membersRemoved [null]", a => { a["type"] = "conversationUpdate"; a["membersRemoved"] = new JsonArray((JsonNode?)null); } },
        { "reactionsAdded [null]", a => { a["type"] = "messageReaction"; a["reactionsAdded"] = new JsonArray((JsonNode?)null); } },
        { "membersAdded an object", a => { a["type"] = "conversationUpdate"; a["membersAdded"] = new JsonObject(); } },
        { "channelData.tenant a number", a => a["channelData"] = new JsonObject { ["tenant"] = 5 } },
        { "channelData.team an array", a => a["channelData"] = new JsonObject { ["team"] = new JsonArray() } },
        { "channelData.channel.id an object", a => a["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = new JsonObject() } } },
    };

    [Theory]
    [MemberData(nameof(BadActivities))]
    public async Task A_malformed_activity_gets_a_400_problem_and_reaches_no_handler(string why, Action<JsonObject> spoil)
    {
        var activity = Personal();
        spoil(activity);
        using var response = await Host.PostAsync(activity.ToJsonString());
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, why);
        Assert.Empty(Host.Handler.Calls);
    }

    public static TheoryData<string, JsonNode> MalformedCardActions() => new()
    {
        { "value.action a string", new JsonObject { ["action"] = "Action.Execute" } },
        { "verb a number", new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = 5 } } },
        { "verb an array", new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = new JsonArray("desk.take") } } },
        { "title an object", new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "refresh", ["title"] = new JsonObject() } } },
        { "type a boolean", new JsonObject { ["action"] = new JsonObject { ["type"] = true, ["verb"] = "refresh" } } },
        { "trigger a number", new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "refresh" }, ["trigger"] = 1 } },
    };

    [Theory]
    [MemberData(nameof(MalformedCardActions))]
    public async Task A_card_action_with_a_wrong_typed_field_gets_a_400_invoke_answer_not_an_internal_error(string why, JsonNode value)
    {
        // These escaped the turn as a JsonException and came back as {"statusCode":500,"code":"InternalError"}.
        var activity = Personal();
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity["value"] = value.DeepClone();
        using var response = await Host.PostAsync(activity.ToJsonString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{why}: {(int)response.StatusCode} {body}");
        var answer = JsonNode.Parse(body)!;
        Assert.True((int?)answer["statusCode"] == 400, $"{why}: {body}");
        Assert.Equal("BadRequest", (string?)answer["value"]?["code"]);
        Assert.Contains("value.action is malformed", (string?)answer["value"]?["message"], StringComparison.Ordinal);
        Assert.Empty(Host.Handler.Calls);
    }

    [Fact]
    public async Task A_channel_message_with_a_null_entity_gets_400_not_a_500()
    {
        // Once a NullReferenceException in MentionText.IsMentionOf, outside the handler's try: a 500 whose body
        // was the stack trace in Development.
        var activity = JsonNode.Parse(Payloads.Read("message-channel-mention.json"))!.AsObject();
        activity["serviceUrl"] = Connector.ServiceUrl;
        activity["entities"]!.AsArray().Insert(0, null);
        using var response = await Host.PostAsync(activity.ToJsonString());
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "entities[0] null");
        Assert.Contains("entities[0]", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" x")]
    [InlineData("{}")]
    [InlineData("\n{\"type\":\"message\"}")]
    [InlineData(",")]
    public async Task Data_after_the_activity_is_refused_not_dropped(string trailing)
    {
        using var response = await Host.PostAsync(Personal().ToJsonString() + trailing);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "trailing " + trailing);
        Assert.Contains("after the activity", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty(Host.Handler.Calls);
    }

    [Fact]
    public async Task Whitespace_after_the_activity_is_fine()
    {
        using var response = await Host.PostAsync(Personal().ToJsonString() + " \r\n\t ");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Host.Handler.Calls);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(5000)]
    public async Task Deep_nesting_gets_400(int depth)
    {
        var activity = Personal().ToJsonString();
        var nested = new string('[', depth) + new string(']', depth);
        using var response = await Host.PostAsync(activity[..^1] + ",\"value\":" + nested + "}");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "depth " + depth);
        Assert.Empty(Host.Handler.Calls);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData(null)]
    public async Task A_body_that_is_not_declared_json_gets_415(string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Personal().ToJsonString()));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await Host.Client.PostAsync("api/messages", content);
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, contentType ?? "none");
        Assert.Empty(Host.Handler.Calls);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    [InlineData("application/activity+json")]
    public async Task Json_media_types_are_accepted(string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Personal().ToJsonString()));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await Host.Client.PostAsync("api/messages", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_above_the_limit_gets_a_413_problem()
    {
        var activity = Personal();
        activity["text"] = new string('x', 300 * 1024);
        using var response = await Host.PostAsync(activity.ToJsonString());
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too large");
    }

    [Theory]
    [InlineData('<')]
    [InlineData('>')]
    [InlineData('&')]
    [InlineData('5')]
    [InlineData(' ')]
    [InlineData('@')]
    public async Task A_200000_character_run_of_one_symbol_reaches_the_handler(char symbol)
    {
        // '<' once ran the tag regex into a RegexMatchTimeoutException (a 500). The mention's entity text is not in the
        // message, so the bot's mention is known by its mentioned name only.
        var activity = JsonNode.Parse(Payloads.Read("message-channel-mention.json"))!.AsObject();
        activity["serviceUrl"] = Connector.ServiceUrl;
        activity["text"] = "<at>Bot</at> " + new string(symbol, 200_000);
        activity["entities"]![0]!["text"] = "<at>someone else's form</at>";
        activity["entities"]![0]!["mentioned"]!["name"] = "Bot";
        using var response = await Host.PostAsync(activity.ToJsonString(Unescaped)); // '<' as itself, not \u003C: within the body limit
        Assert.True(response.Content.Headers.ContentLength is null or 0 || response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(Host.Handler.Calls);
        Assert.DoesNotContain("<at>", call.Turn.Text.Plain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://169.254.169.254/latest/")]
    [InlineData("http://10.0.0.5/")]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("http://localhost.attacker.example/")]
    public async Task Anonymous_mode_refuses_a_serviceUrl_that_is_not_loopback(string serviceUrl)
    {
        using var response = await Host.PostAsync(Valid(serviceUrl).ToJsonString());
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, serviceUrl);
        Assert.Contains("loopback", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty(Host.Handler.Calls);
    }

    [Theory]
    [InlineData("http://localhost:{0}/")]
    [InlineData("http://127.0.0.1:{0}/")]
    [InlineData("http://[::1]:{0}/")]
    public async Task Anonymous_mode_answers_a_loopback_serviceUrl(string template)
    {
        var port = new Uri(Connector.ServiceUrl).Port;
        using var response = await Host.PostAsync(Valid(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, port)).ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_mode_never_opens_a_socket_to_a_service_url_that_is_not_loopback()
    {
        // A stored reference (proactive send) bypasses the endpoint's check: the connector client refuses too. The
        // primary handler is replaced by one that records, so a broken guard fails here without a packet sent.
        var attempts = new List<Uri>();
        await using var host = await ProtocolHost.StartAnonymousAsync(services: s => s.AddHttpClient<IConnectorClient, ConnectorClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler(attempts)));
        var connector = host.Services.GetRequiredService<IConnectorClient>();

        var e = await Assert.ThrowsAsync<ConnectorException>(() => connector.SendToConversationAsync("https://169.254.169.254/", "a:1", HelpdeskBot.Protocol.Activities.Activity.CreateMessage("hi"), default));
        Assert.Equal("NonLoopbackServiceUrl", e.ErrorCode);
        Assert.Contains("loopback", e.Message, StringComparison.Ordinal);
        Assert.Empty(attempts);
    }

    /// <summary>Asserts an RFC 7807 problem with the status, a detail and no stack trace; returns it.</summary>
    internal static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string why)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{why}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]), why);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), why);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        return problem;
    }

    private sealed class RecordingHandler(List<Uri> attempts) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (attempts)
            {
                attempts.Add(request.RequestUri!);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"id\":\"1\"}") });
        }
    }
}
