using System.Text.Json;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Protocol.Tests.Activities;

/// <summary>
/// A channel message's channel data is read once: the request's validation reads it and the help desk's routes get
/// that same reading, not a deserialization each.
/// </summary>
public sealed class TeamsChannelDataTests
{
    private const string ChannelMessage = """
        {"type":"message","id":"1","serviceUrl":"https://smba.trafficmanager.net/emea/","channelId":"msteams",
         "from":{"id":"29:agent"},"recipient":{"id":"28:bot"},"conversation":{"id":"19:general;messageid=1","conversationType":"channel"},
         "text":"use this channel for escalations",
         "channelData":{"tenant":{"id":"tenant-1"},"team":{"id":"19:team","name":"Service Desk"},"channel":{"id":"19:general"}}}
        """;

    [Fact]
    public void The_validation_and_every_route_share_one_reading_of_the_channel_data()
    {
        var activity = JsonSerializer.Deserialize(ChannelMessage, ProtocolJsonContext.Default.Activity)!;

        Assert.Null(ActivityValidation.Problem(activity, loopbackServiceUrlOnly: false));
        var first = TeamsChannelData.From(activity);

        Assert.Equal(("tenant-1", "19:team", "19:general"), (first?.Tenant?.Id, first?.Team?.Id, first?.Channel?.Id));
        Assert.Same(first, TeamsChannelData.From(activity));
    }

    [Fact]
    public void Replaced_channel_data_is_read_afresh()
    {
        var activity = JsonSerializer.Deserialize(ChannelMessage, ProtocolJsonContext.Default.Activity)!;
        var before = TeamsChannelData.From(activity);

        activity.ChannelData = JsonSerializer.SerializeToElement(new TeamsChannelData { Team = new TeamInfo { Id = "19:other" } }, ProtocolJsonContext.Default.TeamsChannelData);
        var after = TeamsChannelData.From(activity);

        Assert.NotSame(before, after);
        Assert.Equal("19:other", after?.Team?.Id);
        activity.ChannelData = null;
        Assert.Null(TeamsChannelData.From(activity));
    }

    [Fact]
    public void Malformed_channel_data_is_refused_by_the_validation_and_throws_for_a_route_each_time()
    {
        var activity = JsonSerializer.Deserialize(ChannelMessage.Replace("\"team\":{\"id\":\"19:team\",\"name\":\"Service Desk\"}", "\"team\":[1]", StringComparison.Ordinal), ProtocolJsonContext.Default.Activity)!;

        Assert.Contains("channelData is malformed", ActivityValidation.Problem(activity, loopbackServiceUrlOnly: false), StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => TeamsChannelData.From(activity));
        Assert.Throws<JsonException>(() => TeamsChannelData.From(activity));
    }
}
