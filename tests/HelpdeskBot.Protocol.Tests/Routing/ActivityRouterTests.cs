using System.Text.Json;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Routing;

namespace HelpdeskBot.Protocol.Tests.Routing;

public sealed class ActivityRouterTests
{
    private static readonly ActivityRouter Router = new(BotRoutes.Default);

    [Theory]
    [InlineData("conversationupdate-bot-added-to-team.json", "conversationUpdate-membersAdded")]
    [InlineData("conversationupdate-team-member-added-user.json", "conversationUpdate-membersAdded")]
    [InlineData("installationupdate-add-team.json", "installationUpdate")]
    [InlineData("invoke-adaptivecard-action-execute.json", "invoke-adaptiveCard/action")]
    [InlineData("message-action-submit-value.json", "message-submit")]
    [InlineData("message-channel-mention-2019.json", "message")]
    [InlineData("message-channel-mention.json", "message")]
    [InlineData("message-personal.json", "message")]
    [InlineData("messagereaction-added.json", "messageReaction")]
    [InlineData("messagereaction-removed.json", "messageReaction")]
    public void Each_real_payload_takes_its_route(string file, string route)
    {
        var activity = JsonSerializer.Deserialize(Payloads.Read(file), ProtocolJsonContext.Default.Activity)!;
        Assert.Equal(route, Router.Find(activity)?.Name);
    }

    [Fact]
    public void A_channel_message_without_the_bots_mention_is_not_addressed_to_it()
    {
        var activity = JsonSerializer.Deserialize(Payloads.Read("message-channel-mention.json"), ProtocolJsonContext.Default.Activity)!;
        activity.Entities!.RemoveAll(e => e.Type == "mention");
        Assert.Equal("message-not-addressed", Router.Find(activity)?.Name);
    }

    [Fact]
    public void Register_duplicate_route_name_throws()
    {
        var extra = new BotRoute("message", _ => true, (_, _, _) => Task.FromResult<InvokeResponse?>(null));
        var e = Assert.Throws<InvalidOperationException>(() => new ActivityRouter([extra, .. BotRoutes.Default]));
        Assert.Contains("'message'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Routes_are_tried_in_order()
    {
        var first = new BotRoute("custom-first", a => a.Type == "message", (_, _, _) => Task.FromResult<InvokeResponse?>(null));
        var router = new ActivityRouter([first, .. BotRoutes.Default]);
        Assert.Equal("custom-first", router.Find(new Activity { Type = "message" })?.Name);
        Assert.Equal(BotRoutes.Default.Count + 1, router.Routes.Count);
    }

    [Fact]
    public void Unknown_types_match_no_route()
    {
        Assert.Null(Router.Find(new Activity { Type = "somethingNew" }));
    }
}
