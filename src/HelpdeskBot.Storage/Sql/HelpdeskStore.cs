using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Storage.Schema;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;

namespace HelpdeskBot.Storage.Sql;

/// <summary>
/// The help desk's incident state on either engine. Desk updates are conditional on <c>desk_version</c> (one
/// UPDATE … WHERE desk_version = @expected), so of two instances applying a click only one writes; the watch
/// lease is one UPDATE whose WHERE re-checks the lease, which PostgreSQL re-evaluates on the locked row.
/// </summary>
internal sealed class HelpdeskStore(StorageDatabase database) : IHelpdeskStore
{
    private const string ChannelColumns = "channel_id, service_url, team_id, team_name, tenant_id, bot_id, bot_name, owning_team, is_default, connected_by, connected_at, channel_name";

    /// <summary>An upsert's SET taking every column of <see cref="ChannelColumns"/> but the key from the row it tried to insert.</summary>
    private const string SetFromExcluded =
        "service_url = excluded.service_url, team_id = excluded.team_id, team_name = excluded.team_name, tenant_id = excluded.tenant_id, bot_id = excluded.bot_id, " +
        "bot_name = excluded.bot_name, owning_team = excluded.owning_team, is_default = excluded.is_default, connected_by = excluded.connected_by, " +
        "connected_at = excluded.connected_at, channel_name = excluded.channel_name";

    private const string IncidentColumns =
        "incident_id, target_key, lead_escalation_id, opened_at, last_report_at, closed, ticket_provider, ticket_number, ticket_url, ticket_external_id, desk_json, desk_version, next_watch_at, notify_pending";

    public async Task ConnectChannelAsync(HelpdeskChannel channel, string? keepGoneMark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentException.ThrowIfNullOrEmpty(channel.ChannelId);
        ArgumentException.ThrowIfNullOrEmpty(channel.ServiceUrl);
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (channel.IsDefault)
            {
                await using var others = session.Command("UPDATE helpdesk_channels SET is_default = @no WHERE NOT (channel_id = @id AND team_key = @key);")
                    .With("no", false).With("id", channel.ChannelId).With("key", TeamKey(channel.OwningTeam));
                await others.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var upsert = session.Command(
                $"INSERT INTO helpdesk_channels ({ChannelColumns}, team_key) VALUES (@id, @url, @team, @teamName, @tenant, @bot, @botName, @owning, @default, @by, @at, @channelName, @key) " +
                $"ON CONFLICT (channel_id, team_key) DO UPDATE SET {SetFromExcluded};")
                .With("id", channel.ChannelId).With("url", channel.ServiceUrl).With("team", channel.TeamId).With("teamName", channel.TeamName)
                .With("tenant", channel.TenantId).With("bot", channel.BotId).With("botName", channel.BotName).With("owning", channel.OwningTeam)
                .With("default", channel.IsDefault).With("by", channel.ConnectedBy).With("at", channel.ConnectedAt).With("channelName", channel.ChannelName)
                .With("key", TeamKey(channel.OwningTeam)))
            {
                await upsert.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            // Connected from Teams, so it exists: a mark that Teams deleted it (Tickets:HelpdeskChannel) no longer holds.
            await using (var back = session.Command("DELETE FROM helpdesk_channels_gone WHERE channel_id = @id;").With("id", channel.ChannelId))
            {
                await back.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            await ForgetLossesAsync(session, keepGoneMark, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task MarkChannelGoneAsync(string channelId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("INSERT INTO helpdesk_channels_gone (channel_id, gone_at) VALUES (@id, @at) ON CONFLICT (channel_id) DO NOTHING;")
                .With("id", channelId).With("at", at);
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<DateTimeOffset?> GoneSinceAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT gone_at FROM helpdesk_channels_gone WHERE channel_id = @id;").With("id", channelId);
            var at = await command.ReadAsync(r => r.Instant(0), cancellationToken).ConfigureAwait(false);
            return at.Count > 0 ? at[0] : null;
        }
    }

    public async Task<GoneChannel?> LastGoneAsync(CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT channel_id, gone_at FROM helpdesk_channels_gone ORDER BY gone_at DESC, channel_id LIMIT 1;");
            return await command.ReadFirstAsync(r => new GoneChannel(r.String(0), r.Instant(1)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A channel was connected: the losses marked before no longer explain having no channel later (an agent stopping it
    /// is no loss), so every mark but <paramref name="keep"/>'s is dropped, inside the connect's transaction.
    /// </summary>
    private static async Task ForgetLossesAsync(StoreSession session, string? keep, CancellationToken cancellationToken)
    {
        await using var command = session.Command("DELETE FROM helpdesk_channels_gone WHERE channel_id <> @keep;").With("keep", keep ?? string.Empty);
        await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DisconnectChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("DELETE FROM helpdesk_channels WHERE channel_id = @id;").With("id", channelId);
            return await command.ExecuteAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    public async Task SetAsideChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // Upserted, not deleted and inserted again: two set-asides at once (Teams resending a teamArchived, two
            // instances) would both find no copy on PostgreSQL and the second insert would break the key (a 500). A
            // channel no longer connected keeps its copy: the same event handled again after the first disconnected it
            // would otherwise leave nothing for teamUnarchived to bring back.
            await using (var old = session.Command(
                "DELETE FROM helpdesk_channels_archived WHERE channel_id = @id " +
                "AND EXISTS (SELECT 1 FROM helpdesk_channels c WHERE c.channel_id = @id) " +
                "AND NOT EXISTS (SELECT 1 FROM helpdesk_channels c WHERE c.channel_id = helpdesk_channels_archived.channel_id AND c.team_key = helpdesk_channels_archived.team_key);")
                .With("id", channelId))
            {
                await old.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var copy = session.Command(
                $"INSERT INTO helpdesk_channels_archived ({ChannelColumns}, team_key) SELECT {ChannelColumns}, team_key FROM helpdesk_channels WHERE channel_id = @id " +
                $"ON CONFLICT (channel_id, team_key) DO UPDATE SET {SetFromExcluded}, restored_at = NULL;").With("id", channelId))
            {
                await copy.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<HelpdeskChannel>> RestoreArchivedAsync(string teamId, string tenantId, DateTimeOffset at, string? keepGoneMark, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(teamId);
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            List<HelpdeskChannel> archived;
            await using (var read = session.Command(
                $"SELECT {ChannelColumns} FROM helpdesk_channels_archived WHERE team_id = @team AND tenant_id = @tenant AND restored_at IS NULL ORDER BY connected_at, channel_id, team_key;")
                .With("team", teamId).With("tenant", tenantId))
            {
                archived = await read.ReadAsync(ReadChannel, cancellationToken).ConfigureAwait(false);
            }

            if (archived.Count == 0)
            {
                return [];
            }

            bool hasDefault;
            await using (var defaults = session.Command("SELECT channel_id FROM helpdesk_channels WHERE is_default = @yes;").With("yes", true))
            {
                hasDefault = (await defaults.ReadAsync(r => r.String(0), cancellationToken).ConfigureAwait(false)).Count > 0;
            }

            var restored = new List<HelpdeskChannel>(archived.Count);
            foreach (var row in archived)
            {
                // A default connected meanwhile stays the default; a channel connected again meanwhile keeps its new row.
                var channel = row with { IsDefault = row.IsDefault && !hasDefault };
                bool inserted;
                await using (var insert = session.Command(
                    $"INSERT INTO helpdesk_channels ({ChannelColumns}, team_key) VALUES (@id, @url, @team, @teamName, @tenant, @bot, @botName, @owning, @default, @by, @at, @channelName, @key) " +
                    "ON CONFLICT (channel_id, team_key) DO NOTHING;")
                    .With("id", channel.ChannelId).With("url", channel.ServiceUrl).With("team", channel.TeamId).With("teamName", channel.TeamName)
                    .With("tenant", channel.TenantId).With("bot", channel.BotId).With("botName", channel.BotName).With("owning", channel.OwningTeam)
                    .With("default", channel.IsDefault).With("by", channel.ConnectedBy).With("at", channel.ConnectedAt).With("channelName", channel.ChannelName)
                    .With("key", TeamKey(channel.OwningTeam)))
                {
                    inserted = await insert.ExecuteAsync(cancellationToken).ConfigureAwait(false) > 0;
                }

                // Restored: the copy stays, stamped, until its notice is queued (ListRestoredAsync); else it is done with,
                // unless the same unarchiving handled at once elsewhere restored it first (PostgreSQL re-reads the row).
                await using var copy = session.Command(inserted
                        ? "UPDATE helpdesk_channels_archived SET restored_at = @now, is_default = @default WHERE channel_id = @id AND team_key = @key;"
                        : "DELETE FROM helpdesk_channels_archived WHERE channel_id = @id AND team_key = @key AND restored_at IS NULL;")
                    .With("now", at).With("default", channel.IsDefault).With("id", channel.ChannelId).With("key", TeamKey(channel.OwningTeam));
                await copy.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                if (inserted)
                {
                    restored.Add(channel);
                    hasDefault |= channel.IsDefault;
                }
            }

            foreach (var channelId in archived.Select(c => c.ChannelId).Distinct(StringComparer.Ordinal))
            {
                await using var back = session.Command("DELETE FROM helpdesk_channels_gone WHERE channel_id = @id;").With("id", channelId);
                await back.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            if (restored.Count > 0)
            {
                await ForgetLossesAsync(session, keepGoneMark, cancellationToken).ConfigureAwait(false);
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return restored;
        }
    }

    public async Task<IReadOnlyList<RestoredChannel>> ListRestoredAsync(CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                $"SELECT {ChannelColumns}, restored_at FROM helpdesk_channels_archived WHERE restored_at IS NOT NULL ORDER BY restored_at, connected_at, channel_id, team_key;");
            return await command.ReadAsync(r => new RestoredChannel(ReadChannel(r), r.Instant(12)), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DropRestoredAsync(RestoredChannel restored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(restored);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // Only this restoring's copy: an archiving set it aside again meanwhile (restored_at NULL) keeps it.
            await using var command = session.Command("DELETE FROM helpdesk_channels_archived WHERE channel_id = @id AND team_key = @key AND restored_at = @at;")
                .With("id", restored.Channel.ChannelId).With("key", TeamKey(restored.Channel.OwningTeam)).With("at", restored.RestoredAt);
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> RemoveChannelTeamAsync(string channelId, string? owningTeam, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("DELETE FROM helpdesk_channels WHERE channel_id = @id AND team_key = @key;").With("id", channelId).With("key", TeamKey(owningTeam));
            return await command.ExecuteAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    /// <summary>A row of <see cref="ChannelColumns"/>.</summary>
    private static HelpdeskChannel ReadChannel(StoreRow r) =>
        new(r.String(0), r.String(1), r.NullableString(2), r.NullableString(3), r.NullableString(4), r.NullableString(5),
            r.NullableString(6), r.NullableString(7), r.Boolean(8), r.String(9), r.Instant(10), r.NullableString(11));

    /// <summary>A channel's row per owning team (the catalogue's spelling); '' for every team's escalations.</summary>
    private static string TeamKey(string? owningTeam) => owningTeam ?? string.Empty;

    public async Task<bool> RenameChannelAsync(string channelId, string channelName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentException.ThrowIfNullOrEmpty(channelName);
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("UPDATE helpdesk_channels SET channel_name = @name WHERE channel_id = @id;").With("id", channelId).With("name", channelName);
            return await command.ExecuteAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    public async Task<IReadOnlyList<string>> ListOpenOnChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // The channel is inside the desk state's JSON: read the open incidents' states (a channel is deleted rarely).
            await using var command = session.Command("SELECT incident_id, desk_json FROM incidents WHERE closed = @no AND desk_json IS NOT NULL ORDER BY opened_at;").With("no", false);
            var open = await command.ReadAsync(r => (Id: r.String(0), Desk: IncidentDeskState.FromJson(r.String(1))), cancellationToken).ConfigureAwait(false);
            return [.. open.Where(o => o.Desk?.ChannelId == channelId).Select(o => o.Id)];
        }
    }

    public async Task<IReadOnlyList<HelpdeskChannel>> ListChannelsAsync(CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command($"SELECT {ChannelColumns} FROM helpdesk_channels ORDER BY connected_at, channel_id, team_key;");
            return await command.ReadAsync(ReadChannel, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<DeskIncident?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            DeskIncident? found;
            await using (var command = session.Command($"SELECT {IncidentColumns} FROM incidents WHERE incident_id = @id;").With("id", incidentId))
            {
                found = await command.ReadFirstAsync(ReadIncident, cancellationToken).ConfigureAwait(false);
            }

            if (found is null)
            {
                return null;
            }

            List<string> names;
            await using (var reporters = session.Command(
                $"SELECT reporter_name FROM incident_reporters WHERE incident_id = @id ORDER BY joined_at, {session.Dialect.InsertionOrder};").With("id", incidentId))
            {
                names = await reporters.ReadAsync(r => r.String(0), cancellationToken).ConfigureAwait(false);
            }

            int? pending = null;
            if (found.NotifyPending)
            {
                // Only while a walk is pending: the incident card says how many reporters it tells.
                await using var count = session.Command("SELECT COUNT(DISTINCT reporter_id) FROM incident_cases WHERE incident_id = @id;").With("id", incidentId);
                pending = Convert.ToInt32(await count.ScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            return found with { Incident = found.Incident with { AffectedUsers = names.Count, ReporterNames = names }, PendingReporters = pending };
        }
    }

    public async Task<IncidentDeskState?> GetDeskAsync(string incidentId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT desk_json FROM incidents WHERE incident_id = @id;").With("id", incidentId);
            return await command.ScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? IncidentDeskState.FromJson(json) : null;
        }
    }

    public async Task<string?> FindOpenAsync(string targetKey, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT incident_id FROM incidents WHERE target_key = @key AND closed = @no;").With("key", targetKey).With("no", false);
            return await command.ScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
    }

    public async Task<string?> FindJoinedAsync(string targetKey, string reporterId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                "SELECT i.incident_id FROM incidents i JOIN incident_reporters r ON r.incident_id = i.incident_id " +
                "WHERE i.target_key = @key AND r.reporter_id = @reporter ORDER BY i.opened_at DESC, i.incident_id DESC LIMIT 1;")
                .With("key", targetKey).With("reporter", reporterId);
            return await command.ScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
    }

    public async Task<bool> AddCaseAsync(string incidentId, string caseId, string reporterId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                "INSERT INTO incident_cases (incident_id, case_id, reporter_id, added_at) VALUES (@id, @case, @reporter, @now) ON CONFLICT (incident_id, case_id) DO NOTHING;")
                .With("id", incidentId).With("case", caseId).With("reporter", reporterId).With("now", now);
            return await command.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    public async Task<IReadOnlyList<IncidentCase>> ListCasesAsync(string incidentId, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT case_id, reporter_id FROM incident_cases WHERE incident_id = @id ORDER BY added_at, case_id;").With("id", incidentId);
            return await command.ReadAsync(r => new IncidentCase(r.String(0), r.String(1)), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> TryUpdateAsync(string incidentId, long expectedVersion, DeskUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var d = update.Desk;
        var session = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var reopenGuard = string.Empty;
            if (!update.Closed)
            {
                // Reopening must not break "one open incident per target": it only applies while no other is open. It
                // takes the target's lock that opening one takes (IncidentStore.JoinOrOpenAsync), so on PostgreSQL a
                // report opening an incident on another instance is either seen here or sees this one open.
                string? lockKey;
                await using (var find = session.Command("SELECT target_key FROM incidents WHERE incident_id = @id AND closed = @yes;").With("id", incidentId).With("yes", true))
                {
                    lockKey = await find.ScalarAsync(cancellationToken).ConfigureAwait(false) as string;
                }

                if (lockKey is not null)
                {
                    await session.LockKeyAsync("incident:" + lockKey, cancellationToken).ConfigureAwait(false);
                    reopenGuard = " AND NOT EXISTS (SELECT 1 FROM incidents o WHERE o.target_key = incidents.target_key AND o.closed = @no AND o.incident_id <> incidents.incident_id)";
                }
            }

            bool written;
            await using (var command = session.Command(
                "UPDATE incidents SET desk_json = @json, desk_version = desk_version + 1, status = @status, taken_by_name = @takenBy, taken_at = @takenAt, " +
                "resolved_at = @resolvedAt, resolved_by_name = @resolvedBy, closed = @closed, closed_at = CASE WHEN @closed = @yes THEN COALESCE(closed_at, @now) ELSE NULL END, " +
                "next_watch_at = @nextWatch, notify_pending = @notify " +
                "WHERE incident_id = @id AND desk_version = @expected" + reopenGuard + ";")
                .With("json", IncidentDeskState.ToJson(d)).With("status", StatusText(d.Status)).With("takenBy", d.TakenByName).WithInstant("takenAt", d.TakenAt)
                .WithInstant("resolvedAt", d.ResolvedAt).With("resolvedBy", d.ResolvedByName).With("closed", update.Closed).With("yes", true).With("no", false)
                .With("now", d.ResolvedAt ?? DateTimeOffset.UnixEpoch).WithInstant("nextWatch", update.NextWatchAt).With("notify", update.NotifyPending)
                .With("id", incidentId).With("expected", expectedVersion))
            {
                written = await command.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 1;
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return written;
        }
    }

    public async Task<IReadOnlyList<string>> ClaimWatchAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            const string Free = "(watch_until IS NULL OR watch_until <= @now)";
            await using var command = session.Command(
                $"UPDATE incidents SET watch_owner = @owner, watch_until = @until WHERE incident_id IN (" +
                $"SELECT incident_id FROM incidents WHERE closed = @no AND next_watch_at IS NOT NULL AND next_watch_at <= @now AND {Free} ORDER BY next_watch_at LIMIT @max) " +
                $"AND closed = @no AND next_watch_at <= @now AND {Free} RETURNING incident_id;")
                .With("owner", owner).With("until", now + lease).With("now", now).With("no", false).With("max", max);
            return await command.ReadAsync(r => r.String(0), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ReleaseWatchAsync(string incidentId, string owner, CancellationToken cancellationToken)
    {
        var session = await database.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("UPDATE incidents SET watch_owner = NULL, watch_until = NULL WHERE incident_id = @id AND watch_owner = @owner;")
                .With("id", incidentId).With("owner", owner);
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<string>> ListNotifyPendingAsync(int max, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT incident_id FROM incidents WHERE notify_pending = @yes ORDER BY resolved_at LIMIT @max;").With("yes", true).With("max", max);
            return await command.ReadAsync(r => r.String(0), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<IncidentTimes>> ListTimesAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken)
    {
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command(
                "SELECT incident_id, target_key, opened_at, taken_at, resolved_at FROM incidents " +
                "WHERE opened_at >= @from AND opened_at < @to ORDER BY opened_at DESC, incident_id LIMIT @max;")
                .With("from", from).With("to", to).With("max", max);
            return await command.ReadAsync(
                r => new IncidentTimes(r.String(0), r.String(1), r.Instant(2), r.NullableInstant(3), r.NullableInstant(4)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The dashboard reads these words from <c>incidents.status</c>.</summary>
    private static string StatusText(DeskStatus status) => status switch
    {
        DeskStatus.Taken => "taken",
        DeskStatus.Resolved => "resolved",
        _ => "new",
    };

    private static DeskIncident ReadIncident(StoreRow row)
    {
        var number = row.NullableString(7);
        var incident = new Incident(
            row.String(0), row.String(1), row.String(2), 0, [],
            number is null ? null : new TicketRef(row.NullableString(6) ?? string.Empty, number, row.NullableString(8), row.NullableString(9)),
            row.Instant(3), row.Instant(4), row.Boolean(5));
        var json = row.NullableString(10);
        return new DeskIncident(incident, json is null ? null : IncidentDeskState.FromJson(json), row.Int64(11), row.NullableInstant(12), row.Boolean(13));
    }
}
