using HelpdeskBot.Conversations.HelpDesk;

namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The <see cref="IHelpdeskStore"/> contract, run against every engine by the subclasses below.</summary>
public abstract class HelpdeskStoreContract : StorageContract
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(2);

    private async Task<string> OpenIncidentAsync(string target = "wiki.contoso.com")
    {
        var join = await Stores.Incidents.JoinOrOpenAsync(target, "29:ada", "Ada", "esc-1", Window, Clock.GetUtcNow(), default);
        var found = (await Stores.Helpdesk.GetAsync(join.Incident.IncidentId, default))!;
        Assert.Null(found.Desk);
        Assert.True(await Stores.Helpdesk.TryUpdateAsync(join.Incident.IncidentId, found.Version, new DeskUpdate(new IncidentDeskState { Target = target }, false, Clock.GetUtcNow(), false), default));
        return join.Incident.IncidentId;
    }

    [Fact]
    public async Task Of_two_writers_at_the_same_version_only_one_wins()
    {
        var id = await OpenIncidentAsync();
        var read = (await Stores.Helpdesk.GetAsync(id, default))!;
        var other = await OpenAnotherInstanceAsync();
        await using var _ = other;

        var results = await Task.WhenAll(
            Stores.Helpdesk.TryUpdateAsync(id, read.Version, new DeskUpdate(read.Desk! with { Status = DeskStatus.Taken, TakenByName = "Megan" }, false, null, false), default),
            other.Helpdesk.TryUpdateAsync(id, read.Version, new DeskUpdate(read.Desk! with { Status = DeskStatus.Taken, TakenByName = "Lee" }, false, null, false), default));

        Assert.Single(results, r => r);
        var after = (await Stores.Helpdesk.GetAsync(id, default))!;
        Assert.Equal(read.Version + 1, after.Version);
        Assert.Equal(DeskStatus.Taken, after.Desk!.Status);
        Assert.Contains(after.Desk.TakenByName, new[] { "Megan", "Lee" });
    }

    [Fact]
    public async Task A_resolution_closes_the_incident_stops_its_watch_and_marks_reporters_to_tell()
    {
        var id = await OpenIncidentAsync();
        await Stores.Helpdesk.AddCaseAsync(id, "c-1", "29:ada", Clock.GetUtcNow(), default);
        Assert.False(await Stores.Helpdesk.AddCaseAsync(id, "c-1", "29:ada", Clock.GetUtcNow(), default));
        var read = (await Stores.Helpdesk.GetAsync(id, default))!;

        Assert.True(await Stores.Helpdesk.TryUpdateAsync(id, read.Version, new DeskUpdate(read.Desk! with { Status = DeskStatus.Resolved, ResolvedAt = Clock.GetUtcNow(), ResolvedByName = "Megan" }, true, null, true), default));

        var after = (await Stores.Helpdesk.GetAsync(id, default))!;
        Assert.Equal((true, true, (DateTimeOffset?)null), (after.Incident.Closed, after.NotifyPending, after.NextWatchAt));
        Assert.Equal(IncidentDeskState.ToJson(after.Desk!), IncidentDeskState.ToJson((await Stores.Helpdesk.GetDeskAsync(id, default))!));
        Assert.Null(await Stores.Helpdesk.GetDeskAsync("no-such-incident", default));
        Assert.Equal([id], await Stores.Helpdesk.ListNotifyPendingAsync(10, default));
        Assert.Null(await Stores.Helpdesk.FindOpenAsync("wiki.contoso.com", default));
        Assert.Equal([new IncidentCase("c-1", "29:ada")], await Stores.Helpdesk.ListCasesAsync(id, default));
        Assert.Empty(await Stores.Helpdesk.ClaimWatchAsync("a", TimeSpan.FromMinutes(1), 10, Clock.GetUtcNow(), default));
    }

    [Fact]
    public async Task While_reporters_are_to_be_told_the_incident_counts_its_distinct_reporters()
    {
        var id = await OpenIncidentAsync();
        await Stores.Helpdesk.AddCaseAsync(id, "c-1", "29:ada", Clock.GetUtcNow(), default);
        await Stores.Helpdesk.AddCaseAsync(id, "c-2", "29:ada", Clock.GetUtcNow(), default); // a second case of one reporter: one message
        await Stores.Helpdesk.AddCaseAsync(id, "c-3", "29:bob", Clock.GetUtcNow(), default);
        var read = (await Stores.Helpdesk.GetAsync(id, default))!;
        Assert.Null(read.PendingReporters);

        Assert.True(await Stores.Helpdesk.TryUpdateAsync(id, read.Version, new DeskUpdate(read.Desk! with { Status = DeskStatus.Resolved }, true, null, true), default));
        read = (await Stores.Helpdesk.GetAsync(id, default))!;
        Assert.Equal(2, read.PendingReporters);

        Assert.True(await Stores.Helpdesk.TryUpdateAsync(id, read.Version, new DeskUpdate(read.Desk!, true, null, false), default));
        Assert.Null((await Stores.Helpdesk.GetAsync(id, default))!.PendingReporters);
    }

    [Fact]
    public async Task Reopening_is_refused_while_a_newer_incident_on_the_target_is_open()
    {
        var id = await OpenIncidentAsync();
        var read = (await Stores.Helpdesk.GetAsync(id, default))!;
        Assert.True(await Stores.Helpdesk.TryUpdateAsync(id, read.Version, new DeskUpdate(read.Desk! with { Status = DeskStatus.Resolved }, true, null, false), default));
        var newer = await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:bob", "Bob", "esc-2", Window, Clock.GetUtcNow(), default);
        Assert.True(newer.IsNew);

        read = (await Stores.Helpdesk.GetAsync(id, default))!;
        Assert.False(await Stores.Helpdesk.TryUpdateAsync(id, read.Version, new DeskUpdate(read.Desk! with { Status = DeskStatus.New }, false, Clock.GetUtcNow(), false), default));
        Assert.True((await Stores.Helpdesk.GetAsync(id, default))!.Incident.Closed);
    }

    [Fact]
    public async Task A_reopen_racing_a_report_on_another_instance_leaves_one_open_incident_and_fails_neither()
    {
        var other = await OpenAnotherInstanceAsync();
        await using var _ = other;
        for (var round = 0; round < 20; round++)
        {
            var target = $"race{round}.contoso.com";
            var id = await OpenIncidentAsync(target);
            var read = (await Stores.Helpdesk.GetAsync(id, default))!;
            Assert.True(await Stores.Helpdesk.TryUpdateAsync(id, read.Version, new DeskUpdate(read.Desk! with { Status = DeskStatus.Resolved }, true, null, false), default));
            read = (await Stores.Helpdesk.GetAsync(id, default))!;

            // "Still broken" reopens it on one instance while a new report about the target arrives on the other.
            var reopen = Stores.Helpdesk.TryUpdateAsync(id, read.Version, new DeskUpdate(read.Desk! with { Status = DeskStatus.New }, false, Clock.GetUtcNow(), false), default);
            var report = other.Incidents.JoinOrOpenAsync(target, "29:bob", "Bob", $"esc-race-{round}", Window, Clock.GetUtcNow(), default);
            await Task.WhenAll(reopen, report);

            // Either the reopen came first and the report joined it, or the report opened a new one and the reopen was refused.
            var reopened = await reopen;
            Assert.Equal(reopened, (await report).Incident.IncidentId == id);
            Assert.Equal(!reopened, (await report).IsNew);
            Assert.Equal((await report).Incident.IncidentId, await Stores.Helpdesk.FindOpenAsync(target, default));
            Assert.Equal(!reopened, (await Stores.Helpdesk.GetAsync(id, default))!.Incident.Closed);
        }
    }

    [Fact]
    public async Task The_incident_a_reporter_joined_is_found_also_after_it_was_resolved()
    {
        var first = await OpenIncidentAsync();
        var read = (await Stores.Helpdesk.GetAsync(first, default))!;
        Assert.True(await Stores.Helpdesk.TryUpdateAsync(first, read.Version, new DeskUpdate(read.Desk! with { Status = DeskStatus.Resolved }, true, null, false), default));
        var second = (await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:bob", "Bob", "esc-2", Window, Clock.GetUtcNow().AddMinutes(1), default)).Incident.IncidentId;

        Assert.Equal(first, await Stores.Helpdesk.FindJoinedAsync("wiki.contoso.com", "29:ada", default));
        Assert.Equal(second, await Stores.Helpdesk.FindJoinedAsync("wiki.contoso.com", "29:bob", default));
        Assert.Null(await Stores.Helpdesk.FindJoinedAsync("intranet.contoso.com", "29:ada", default));

        await Stores.Incidents.JoinOrOpenAsync("wiki.contoso.com", "29:ada", "Ada", "esc-3", Window, Clock.GetUtcNow().AddMinutes(2), default);
        Assert.Equal(second, await Stores.Helpdesk.FindJoinedAsync("wiki.contoso.com", "29:ada", default));
    }

    [Fact]
    public async Task Two_instances_never_lease_one_incident_at_once_and_a_lapsed_lease_is_taken_over()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await OpenIncidentAsync($"site{i}.contoso.com"));
        }

        var other = await OpenAnotherInstanceAsync();
        await using var _ = other;
        var lease = TimeSpan.FromMinutes(2);

        var claims = await Task.WhenAll(
            Stores.Helpdesk.ClaimWatchAsync("one", lease, 10, Clock.GetUtcNow(), default),
            other.Helpdesk.ClaimWatchAsync("two", lease, 10, Clock.GetUtcNow(), default));

        Assert.Equal(ids.Order(), claims.SelectMany(c => c).Order());
        Assert.Empty(await Stores.Helpdesk.ClaimWatchAsync("three", lease, 10, Clock.GetUtcNow(), default));
        await Stores.Helpdesk.ReleaseWatchAsync(ids[0], "somebody-else", default);
        Assert.Empty(await Stores.Helpdesk.ClaimWatchAsync("three", lease, 10, Clock.GetUtcNow(), default));

        Clock.Advance(lease);
        Assert.Equal(ids.Order(), (await Stores.Helpdesk.ClaimWatchAsync("three", lease, 10, Clock.GetUtcNow(), default)).Order());
    }

    [Fact]
    public async Task A_default_channel_replaces_the_previous_default_and_a_channel_serves_several_teams()
    {
        var at = Clock.GetUtcNow();
        await Stores.Helpdesk.ConnectChannelAsync(new HelpdeskChannel("19:a@thread.tacv2", "https://smba.example/", "19:team", "Help desk", "t", "28:bot", "HelpdeskBot", null, true, "Megan", at), null, default);
        await Stores.Helpdesk.ConnectChannelAsync(new HelpdeskChannel("19:b@thread.tacv2", "https://smba.example/", "19:team", "Help desk", "t", "28:bot", "HelpdeskBot", null, true, "Megan", at.AddMinutes(1)), null, default);
        await Stores.Helpdesk.ConnectChannelAsync(new HelpdeskChannel("19:b@thread.tacv2", "https://smba.example/", "19:team", "Help desk", "t", "28:bot", "HelpdeskBot", "Network", false, "Lee", at.AddMinutes(2)), null, default);

        var channels = await Stores.Helpdesk.ListChannelsAsync(default);

        // The default moved to b; b also takes Network's escalations, as one more entry (it stays the default).
        Assert.Equal(3, channels.Count);
        Assert.False(channels.Single(c => c.ChannelId == "19:a@thread.tacv2").IsDefault);
        Assert.True(channels.Single(c => c.ChannelId == "19:b@thread.tacv2" && c.OwningTeam is null).IsDefault);
        Assert.Equal((false, "Lee"), (channels.Single(c => c.OwningTeam == "Network").IsDefault, channels.Single(c => c.OwningTeam == "Network").ConnectedBy));
    }

    [Fact]
    public async Task A_channel_serves_several_teams_until_each_is_removed_and_a_rename_shows_for_all()
    {
        var at = Clock.GetUtcNow();
        HelpdeskChannel For(string team, int minute) =>
            new("19:d@thread.tacv2", "https://smba.example/", "19:team", "Help desk", "t", "28:bot", "HelpdeskBot", team, false, "Megan", at.AddMinutes(minute), "Desk");
        await Stores.Helpdesk.ConnectChannelAsync(For("Collaboration", 0), null, default);
        await Stores.Helpdesk.ConnectChannelAsync(For("Finance", 1), null, default);
        await Stores.Helpdesk.ConnectChannelAsync(For("Collaboration", 2), null, default); // connected again: still one entry

        Assert.Equal(["Collaboration", "Finance"], (await Stores.Helpdesk.ListChannelsAsync(default)).Select(c => c.OwningTeam).Order(StringComparer.Ordinal));
        Assert.True(await Stores.Helpdesk.RenameChannelAsync("19:d@thread.tacv2", "Desk two", default));
        Assert.False(await Stores.Helpdesk.RenameChannelAsync("19:other@thread.tacv2", "Nobody's", default));
        Assert.All(await Stores.Helpdesk.ListChannelsAsync(default), c => Assert.Equal("Desk two", c.ChannelName));

        Assert.True(await Stores.Helpdesk.RemoveChannelTeamAsync("19:d@thread.tacv2", "Collaboration", default));
        Assert.False(await Stores.Helpdesk.RemoveChannelTeamAsync("19:d@thread.tacv2", "Collaboration", default));
        Assert.Equal("Finance", Assert.Single(await Stores.Helpdesk.ListChannelsAsync(default)).OwningTeam);
        Assert.True(await Stores.Helpdesk.DisconnectChannelAsync("19:d@thread.tacv2", default));
        Assert.Empty(await Stores.Helpdesk.ListChannelsAsync(default));
    }

    [Fact]
    public async Task A_channel_keeps_its_name_and_owning_team_until_it_is_disconnected()
    {
        await Stores.Helpdesk.ConnectChannelAsync(new HelpdeskChannel("19:c@thread.tacv2", "https://smba.example/", "19:team", "Help desk", "t", "28:bot", "HelpdeskBot", "Collaboration", false, "Megan", Clock.GetUtcNow(), "Collab desk"), null, default);

        var channel = Assert.Single(await Stores.Helpdesk.ListChannelsAsync(default));
        Assert.Equal(("Collab desk", "Collaboration", false), (channel.ChannelName, channel.OwningTeam, channel.IsDefault));
        Assert.True(await Stores.Helpdesk.DisconnectChannelAsync("19:c@thread.tacv2", default));
        Assert.False(await Stores.Helpdesk.DisconnectChannelAsync("19:c@thread.tacv2", default));
        Assert.Empty(await Stores.Helpdesk.ListChannelsAsync(default));
    }

    [Fact]
    public async Task A_channel_set_aside_by_an_archiving_comes_back_as_it_was_only_for_its_team_and_tenant()
    {
        var at = Clock.GetUtcNow();
        HelpdeskChannel Row(string id, string team, string? owning, bool isDefault, int minute) =>
            new(id, "https://smba.example/", team, "Help desk", "t", "28:bot", "HelpdeskBot", owning, isDefault, "Megan", at.AddMinutes(minute), "Desk " + id);
        await Stores.Helpdesk.ConnectChannelAsync(Row("19:a@thread.tacv2", "19:team", null, true, 0), null, default);
        await Stores.Helpdesk.ConnectChannelAsync(Row("19:a@thread.tacv2", "19:team", "Collaboration", false, 1), null, default);
        await Stores.Helpdesk.ConnectChannelAsync(Row("19:b@thread.tacv2", "19:team", "Finance", false, 2), null, default);
        Assert.True(await Stores.Helpdesk.RemoveChannelTeamAsync("19:b@thread.tacv2", "Finance", default)); // stopped by an agent

        await Stores.Helpdesk.SetAsideChannelAsync("19:a@thread.tacv2", default);
        await Stores.Helpdesk.SetAsideChannelAsync("19:a@thread.tacv2", default); // set aside twice: one copy
        Assert.True(await Stores.Helpdesk.DisconnectChannelAsync("19:a@thread.tacv2", default));
        await Stores.Helpdesk.MarkChannelGoneAsync("19:a@thread.tacv2", at, default);
        Assert.Empty(await Stores.Helpdesk.RestoreArchivedAsync("19:team", "another-tenant", at, null, default));
        Assert.Empty(await Stores.Helpdesk.RestoreArchivedAsync("19:other-team", "t", at, null, default));

        // Meanwhile another default was connected: it stays the default, the restored rows come back as they were otherwise.
        await Stores.Helpdesk.ConnectChannelAsync(Row("19:c@thread.tacv2", "19:team-2", null, true, 5), null, default);
        var restored = await Stores.Helpdesk.RestoreArchivedAsync("19:team", "t", at, null, default);
        Assert.Equal([(null, false), ("Collaboration", false)], restored.Select(c => (c.OwningTeam, c.IsDefault)));
        Assert.All(restored, c => Assert.Equal(("19:a@thread.tacv2", "Desk 19:a@thread.tacv2"), (c.ChannelId, c.ChannelName)));
        var listed = await Stores.Helpdesk.ListChannelsAsync(default);
        Assert.Equal(["19:a@thread.tacv2", "19:a@thread.tacv2", "19:c@thread.tacv2"], listed.Select(c => c.ChannelId));
        Assert.True(Assert.Single(listed, c => c.IsDefault).ChannelId == "19:c@thread.tacv2");
        Assert.Null(await Stores.Helpdesk.GoneSinceAsync("19:a@thread.tacv2", default));
        Assert.Empty(await Stores.Helpdesk.RestoreArchivedAsync("19:team", "t", at, null, default));

        // The rows connected again stay listed, as restored, until their channels are told (a stop between loses none).
        var pending = await Stores.Helpdesk.ListRestoredAsync(default);
        Assert.Equal(restored, pending.Select(p => p.Channel));
        Assert.All(pending, p => Assert.Equal(at, p.RestoredAt));
        await Stores.Helpdesk.DropRestoredAsync(pending[0], default);
        Assert.Equal([pending[1]], await Stores.Helpdesk.ListRestoredAsync(default));

        // Archived again before the other was told: set aside again (not listed as restored) and dropped by no late telling.
        await Stores.Helpdesk.SetAsideChannelAsync("19:a@thread.tacv2", default);
        Assert.Empty(await Stores.Helpdesk.ListRestoredAsync(default));
        await Stores.Helpdesk.DropRestoredAsync(pending[1], default);
        Assert.True(await Stores.Helpdesk.DisconnectChannelAsync("19:a@thread.tacv2", default));
        Assert.Equal(2, (await Stores.Helpdesk.RestoreArchivedAsync("19:team", "t", at.AddMinutes(9), null, default)).Count);
    }

    [Fact]
    public async Task Two_instances_setting_a_channel_aside_at_once_both_succeed_and_keep_one_copy_as_it_is_now()
    {
        // Teams resends a teamArchived it got no 200 for, and two instances may handle the two at once.
        var at = Clock.GetUtcNow();
        var other = await OpenAnotherInstanceAsync();
        await using var _ = other;
        for (var round = 0; round < 20; round++)
        {
            var id = $"19:race{round}@thread.tacv2";
            await Stores.Helpdesk.ConnectChannelAsync(new HelpdeskChannel(id, "https://smba.example/", "19:team", "Help desk", "t", "28:bot", "HelpdeskBot", "Collaboration", false, "Megan", at, "Desk"), null, default);
            using var barrier = new Barrier(2);
            await Task.WhenAll(
                Task.Run(async () => { barrier.SignalAndWait(); await Stores.Helpdesk.SetAsideChannelAsync(id, default); }),
                Task.Run(async () => { barrier.SignalAndWait(); await other.Helpdesk.SetAsideChannelAsync(id, default); }));
        }

        // A copy set aside again is replaced by the channel's rows as they are now (a team it no longer serves is dropped).
        await Stores.Helpdesk.ConnectChannelAsync(new HelpdeskChannel("19:race0@thread.tacv2", "https://smba.example/", "19:team", "Help desk", "t", "28:bot", "HelpdeskBot", "Finance", false, "Lee", at, "Desk two"), null, default);
        Assert.True(await Stores.Helpdesk.RemoveChannelTeamAsync("19:race0@thread.tacv2", "Collaboration", default));
        await Stores.Helpdesk.SetAsideChannelAsync("19:race0@thread.tacv2", default);
        for (var round = 0; round < 20; round++)
        {
            Assert.True(await Stores.Helpdesk.DisconnectChannelAsync($"19:race{round}@thread.tacv2", default));
        }

        await Stores.Helpdesk.SetAsideChannelAsync("19:race1@thread.tacv2", default); // handled again once disconnected: the copy stays

        var restored = await Stores.Helpdesk.RestoreArchivedAsync("19:team", "t", at, null, default);
        Assert.Equal(20, restored.Count);
        Assert.Equal(("Finance", "Desk two"), restored.Where(c => c.ChannelId == "19:race0@thread.tacv2").Select(c => (c.OwningTeam, c.ChannelName)).Single());
    }

    [Fact]
    public async Task The_last_channel_marked_gone_is_known_until_it_is_connected_again()
    {
        var at = Clock.GetUtcNow();
        Assert.Null(await Stores.Helpdesk.LastGoneAsync(default));
        await Stores.Helpdesk.MarkChannelGoneAsync("19:a@thread.tacv2", at, default);
        await Stores.Helpdesk.MarkChannelGoneAsync("19:b@thread.tacv2", at.AddMinutes(1), default);
        await Stores.Helpdesk.MarkChannelGoneAsync("19:a@thread.tacv2", at.AddMinutes(2), default); // marked once: the first time stands

        Assert.Equal(new GoneChannel("19:b@thread.tacv2", at.AddMinutes(1)), await Stores.Helpdesk.LastGoneAsync(default));
        // 19:a is Tickets:HelpdeskChannel's here: connecting 19:b keeps its mark.
        await Stores.Helpdesk.ConnectChannelAsync(new HelpdeskChannel("19:b@thread.tacv2", "https://smba.example/", "19:team", "Help desk", "t", "28:bot", "HelpdeskBot", null, true, "Megan", at), "19:a@thread.tacv2", default);
        Assert.Equal(new GoneChannel("19:a@thread.tacv2", at), await Stores.Helpdesk.LastGoneAsync(default));
        Assert.Equal(at, await Stores.Helpdesk.GoneSinceAsync("19:a@thread.tacv2", default));
        Assert.Null(await Stores.Helpdesk.GoneSinceAsync("19:b@thread.tacv2", default));
    }

    [Fact]
    public async Task Connecting_a_channel_forgets_every_loss_but_the_one_asked_for_and_a_restore_does_when_it_connects_one()
    {
        var at = Clock.GetUtcNow();
        await Stores.Helpdesk.MarkChannelGoneAsync("19:a@thread.tacv2", at, default);
        await Stores.Helpdesk.MarkChannelGoneAsync("config-channel", at.AddMinutes(1), default);
        await Stores.Helpdesk.MarkChannelGoneAsync("19:b@thread.tacv2", at.AddMinutes(2), default);

        await Stores.Helpdesk.ConnectChannelAsync(new HelpdeskChannel("19:c@thread.tacv2", "https://smba.example/", "19:team", "Help desk", "t", "28:bot", "HelpdeskBot", null, true, "Megan", at), "config-channel", default);
        Assert.Equal(new GoneChannel("config-channel", at.AddMinutes(1)), await Stores.Helpdesk.LastGoneAsync(default));
        Assert.Null(await Stores.Helpdesk.GoneSinceAsync("19:a@thread.tacv2", default));
        Assert.Null(await Stores.Helpdesk.GoneSinceAsync("19:b@thread.tacv2", default));

        // A restore that connects nothing forgets nothing; one that connects a channel forgets the rest (none kept here).
        await Stores.Helpdesk.SetAsideChannelAsync("19:c@thread.tacv2", default);
        Assert.True(await Stores.Helpdesk.DisconnectChannelAsync("19:c@thread.tacv2", default));
        Assert.Empty(await Stores.Helpdesk.RestoreArchivedAsync("19:other-team", "t", at, null, default));
        Assert.NotNull(await Stores.Helpdesk.LastGoneAsync(default));
        Assert.Single(await Stores.Helpdesk.RestoreArchivedAsync("19:team", "t", at, null, default));
        Assert.Null(await Stores.Helpdesk.LastGoneAsync(default));
    }
}

public sealed class SqliteHelpdeskStoreTests : HelpdeskStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresHelpdeskStoreTests : HelpdeskStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
