using System.Net;
using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// Teams' team events handled twice at once through /api/messages (Teams resends an event it got no 200 for; two
/// instances may take the two): each answers 200 and the end state is the one of a single event.
/// </summary>
public abstract class TeamEventRaceTests : IAsyncLifetime
{
    private const int Rounds = 8;

    private ConversationHost _host = null!;
    private HelpdeskTeam _team = null!;

    protected abstract Task<IReadOnlyDictionary<string, string?>> StorageAsync();

    public virtual async ValueTask InitializeAsync()
    {
        _host = await ConversationHost.StartAsync(settings: await StorageAsync());
        _team = await HelpdeskTeam.StartAsync(_host);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await _team.DisposeAsync();
        await _host.DisposeAsync();
    }

    private JsonObject TeamEvent(string eventType)
    {
        var update = _team.InChannel("conversationUpdate", HelpdeskTeam.TeamId);
        update["channelData"] = new JsonObject
        {
            ["team"] = new JsonObject { ["id"] = HelpdeskTeam.TeamId, ["name"] = "Help desk" },
            ["eventType"] = eventType,
            ["tenant"] = new JsonObject { ["id"] = "tenant-1" },
        };
        return update;
    }

    [Fact]
    public async Task A_team_archived_twice_at_once_answers_200_both_times_and_unarchived_twice_at_once_brings_each_channel_back_told_once()
    {
        var store = _host.Services.GetRequiredService<IHelpdeskStore>();
        var now = _host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        for (var round = 0; round < Rounds; round++)
        {
            var channelId = $"19:desk-{round}@thread.tacv2";
            await store.ConnectChannelAsync(
                new HelpdeskChannel(channelId, _host.Connector.ServiceUrl, HelpdeskTeam.TeamId, "Help desk", "tenant-1", ConversationHost.BotId, "HelpdeskBot", $"Team {round}", false, "Megan", now.AddMinutes(round), $"Desk {round}"),
                null,
                default);

            await BothAtOnceAsync("teamArchived", $"round {round}");
            Assert.Empty(await store.ListChannelsAsync(default));
        }

        // Unarchived, also twice at once: every channel comes back, and each is told so exactly once.
        await BothAtOnceAsync("teamUnarchived", "the unarchiving");
        var back = await store.ListChannelsAsync(default);
        Assert.Equal(Enumerable.Range(0, Rounds).Select(r => ($"19:desk-{r}@thread.tacv2", (string?)$"Team {r}")), back.Select(c => (c.ChannelId, c.OwningTeam)));
        bool IsNotice(ConnectorRequest r) => r.Method == "POST" && r.Path.EndsWith("@thread.tacv2/activities", StringComparison.Ordinal) && (r.Text ?? string.Empty).Contains("no longer archived", StringComparison.Ordinal);
        await _team.WaitUntilAsync(rs => rs.Count(IsNotice) >= Rounds, "a notice in each channel");
        Assert.Equal(back.Select(c => $"/v3/conversations/{c.ChannelId}/activities").Order(StringComparer.Ordinal), _team.Requests(IsNotice).Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Empty(await store.ListRestoredAsync(default));
    }

    /// <summary>The same team event twice (two activity ids, as a resend has), let go at once; both must answer 200.</summary>
    private async Task BothAtOnceAsync(string eventType, string what)
    {
        var first = TeamEvent(eventType).ToJsonString();
        var second = TeamEvent(eventType).ToJsonString();
        using var barrier = new Barrier(2);
        var answers = await Task.WhenAll(
            Task.Run(async () => { barrier.SignalAndWait(); return await _host.PostRawAsync(first); }),
            Task.Run(async () => { barrier.SignalAndWait(); return await _host.PostRawAsync(second); }));
        foreach (var answer in answers)
        {
            using (answer)
            {
                Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{what}: {eventType} answered {(int)answer.StatusCode}");
            }
        }
    }
}

public sealed class SqliteTeamEventRaceTests : TeamEventRaceTests
{
    protected override Task<IReadOnlyDictionary<string, string?>> StorageAsync() => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}

public sealed class PostgresTeamEventRaceTests : TeamEventRaceTests
{
    private PostgresTestDatabase? _database;

    protected override async Task<IReadOnlyDictionary<string, string?>> StorageAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("team events handled twice at once on PostgreSQL");
        return new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["Storage:Postgres:ConnectionString"] = _database.ConnectionString };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
