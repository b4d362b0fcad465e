using System.Net;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.EndToEnd;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>The real executable's health endpoints reflect the database: a load balancer stops sending to an instance that lost it.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_fails_and_live_passes_when_PostgreSQL_is_unreachable()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: connections are refused

        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Storage:Provider", "Postgres");
            web.UseSetting("Storage:Postgres:ConnectionString", $"Host=127.0.0.1;Port={port};Username=helpdesk;Password=hunter2-secret;Database=hb;Timeout=2");
            web.UseSetting("Storage:HealthCheckTimeout", "00:00:02");
        });
        using var client = factory.CreateClient();

        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.DoesNotContain("hunter2", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Ready_passes_on_the_default_SQLite_store()
    {
        var folder = Directory.CreateTempSubdirectory("hb-ready-").FullName;
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
                web.UseSetting("Storage:Sqlite:Path", Path.Combine(folder, "bot.db")));
            using var client = factory.CreateClient();

            var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.True(File.Exists(Path.Combine(folder, "bot.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Ready_forgets_the_rows_of_instances_silent_for_longer_than_the_retention()
    {
        var folder = Directory.CreateTempSubdirectory("hb-ready-").FullName;
        try
        {
            var database = Path.Combine(folder, "bot.db");
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            {
                web.UseSetting("Storage:Sqlite:Path", database);
                web.UseSetting("Storage:HealthCheckCacheDuration", "00:00:00");
                web.UseSetting("Storage:HealthProbeRetention", "1.00:00:00");
            });
            using var client = factory.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

            // Two other instances: one replaced two days ago, one that wrote an hour ago.
            var now = TimeProvider.System.GetUtcNow();
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
            {
                await connection.OpenAsync();
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO health_probe (instance, written_at) VALUES ('pod-gone', $gone), ('pod-alive', $alive);";
                insert.Parameters.AddWithValue("$gone", now.AddDays(-2).ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$alive", now.AddHours(-1).ToUnixTimeMilliseconds());
                await insert.ExecuteNonQueryAsync();
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
            {
                await connection.OpenAsync();
                await using var read = connection.CreateCommand();
                read.CommandText = "SELECT instance FROM health_probe ORDER BY instance;";
                var instances = new List<string>();
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    instances.Add(reader.GetString(0));
                }

                Assert.Equal(new[] { Environment.MachineName, "pod-alive" }.Order(StringComparer.Ordinal), instances.Order(StringComparer.Ordinal));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Ready_fails_while_the_SQLite_disk_is_full_and_recovers_without_restart()
    {
        Prerequisite.Check(File.Exists("/usr/bin/unshare") && Environment.IsPrivilegedProcess, "unshare and root", "a private tmpfs for the store");

        var folder = Directory.CreateTempSubdirectory("hb-ready-full-").FullName;
        try
        {
            // A small tmpfs mounted over the folder in a private mount namespace: only the bot sees it.
            await using var bot = await BotProcess.StartAsync(
                new Dictionary<string, string?>
                {
                    ["Storage__Sqlite__Path"] = Path.Combine(folder, "bot.db"),
                    ["Storage__HealthCheckCacheDuration"] = "00:00:00",
                },
                ["unshare", "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=8m hb-ready \"$0\" && exec \"$@\"", folder]);
            using var http = new HttpClient { BaseAddress = bot.BaseAddress };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("health/ready", UriKind.Relative))).StatusCode);

            // The test reaches the bot's tmpfs through its process's root.
            var inside = $"/proc/{bot.Process.Id}/root{folder}";
            Assert.True(File.Exists(Path.Combine(inside, "bot.db")), bot.Output);
            var filler = Path.Combine(inside, "filler");
            Fill(filler);

            var full = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
            Assert.True(full.StatusCode == HttpStatusCode.ServiceUnavailable, $"ready answered {full.StatusCode} on a full disk:\n{bot.Output}");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("health/live", UriKind.Relative))).StatusCode);

            File.Delete(filler);
            var freed = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
            Assert.True(freed.StatusCode == HttpStatusCode.OK, $"ready answered {freed.StatusCode} after space was freed:\n{bot.Output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_report_on_a_full_disk_gets_an_honest_refusal_not_an_acknowledgement_and_one_after_space_is_freed_is_taken()
    {
        Prerequisite.Check(File.Exists("/usr/bin/unshare") && Environment.IsPrivilegedProcess, "unshare and root", "a private tmpfs for the store");

        await using var connector = await FakeConnector.StartAsync();
        var folder = Directory.CreateTempSubdirectory("hb-full-report-").FullName;
        try
        {
            // Anonymous local mode (no app id): the bot answers the loopback connector without tokens.
            await using var bot = await BotProcess.StartAsync(
                new Dictionary<string, string?> { ["Storage__Sqlite__Path"] = Path.Combine(folder, "bot.db") },
                ["unshare", "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=8m hb-full \"$0\" && exec \"$@\"", folder]);
            using var http = new HttpClient { BaseAddress = bot.BaseAddress };
            var filler = Path.Combine($"/proc/{bot.Process.Id}/root{folder}", "filler");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("health/ready", UriKind.Relative))).StatusCode);
            Fill(filler);

            // "Every site" needs no probe (nothing leaves loopback); its first card would be the acknowledgement.
            var refused = await PostReportAsync(http, connector, 1);
            Assert.True(refused.IsSuccessStatusCode, $"{refused.StatusCode}:\n{bot.Output}");
            var answer = Assert.Single(await connector.WaitForRequestsAsync(1, TimeSpan.FromSeconds(30)));
            Assert.StartsWith("Sorry, I can't take reports right now", answer.Text, StringComparison.Ordinal);
            Assert.Null(answer.Card);

            // Space again: the next report is stored and acknowledged, with no restart.
            File.Delete(filler);
            Assert.True((await PostReportAsync(http, connector, 2)).IsSuccessStatusCode, bot.Output);
            var acknowledged = (await connector.WaitForRequestsAsync(2, TimeSpan.FromSeconds(30)))[1];
            Assert.NotNull(acknowledged.Card);
            Assert.DoesNotContain(connector.Requests, r => (r.Text ?? string.Empty).Contains("can't take reports", StringComparison.Ordinal) && r != answer);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("health/ready", UriKind.Relative))).StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> PostReportAsync(HttpClient http, FakeConnector connector, int sequence)
    {
        var activity = Conversations.ConversationHost.TeamsActivity(connector.ServiceUrl, sequence, "message", Conversations.ConversationHost.Account("29:alex", "Alex Wilber"), "a:personal-full", group: false, "Windows");
        activity["text"] = "every site gives me 502";
        return http.PostAsync(new Uri("api/messages", UriKind.Relative), new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task Ready_fails_while_PostgreSQL_transactions_are_read_only_and_recovers()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("readiness write probe on PostgreSQL");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Storage:Provider", "Postgres");
            web.UseSetting("Storage:Postgres:ConnectionString", database.ConnectionString);
            web.UseSetting("Storage:HealthCheckCacheDuration", "00:00:00");
        });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        await SetReadOnlyAsync(database, on: true);
        var statuses = await ReadyStatusesAsync(client);
        // The first answer may come from a pooled connection the server just ended; the rest are read-only sessions.
        Assert.All(statuses.Skip(1), status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));

        await SetReadOnlyAsync(database, on: false);
        statuses = await ReadyStatusesAsync(client);
        Assert.All(statuses.Skip(1), status => Assert.Equal(HttpStatusCode.OK, status));
    }

    /// <summary>Writes zeros to <paramref name="path"/> until the file system is full.</summary>
    private static void Fill(string path)
    {
        var block = new byte[64 * 1024];
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            for (var i = 0; i < 100_000; i++)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // No space left: the disk is full, as intended.
            return;
        }

        throw new InvalidOperationException("The tmpfs never filled up.");
    }

    /// <summary>Sets default_transaction_read_only for the database and ends its sessions, so new ones take it.</summary>
    private static async Task SetReadOnlyAsync(PostgresTestDatabase database, bool on)
    {
        var server = Environment.GetEnvironmentVariable(PostgresTestDatabase.Variable)!;
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE {database.Name} SET default_transaction_read_only = {(on ? "on" : "off")};", connection))
        {
            await alter.ExecuteNonQueryAsync();
        }

        await using var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid();", connection);
        end.Parameters.AddWithValue("name", database.Name);
        await end.ExecuteNonQueryAsync();
    }

    private static async Task<List<HttpStatusCode>> ReadyStatusesAsync(HttpClient client)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        }

        return statuses;
    }
}
