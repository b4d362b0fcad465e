using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Storage.RateLimiting;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Storage.Tests;

/// <summary>AddHelpdeskBotStorage: options validated at start, the chosen engine wired, the health check honest.</summary>
public sealed class StorageRegistrationTests : IAsyncLifetime
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("hb-storage-host-").FullName;

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddHelpdeskBotStorage();
        return builder.Build();
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_fails_at_start_with_a_clear_message()
    {
        using var host = BuildHost(new() { ["Storage:Provider"] = "Postgres" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:Postgres:ConnectionString is required when Storage:Provider is Postgres", error.Message);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused_without_echoing_it()
    {
        using var host = BuildHost(new() { ["Storage:Provider"] = "Postgres", ["Storage:Postgres:ConnectionString"] = "Password=s3cret-Value;Nonsense Key=1" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:Postgres:ConnectionString is not a valid Npgsql connection string", error.Message);
        Assert.DoesNotContain("s3cret-Value", error.Message);
    }

    [Fact]
    public async Task A_burst_on_postgres_waits_for_the_instances_bounded_pool_instead_of_opening_a_connection_each()
    {
        await using var db = await HelpdeskBot.Testing.PostgresTestDatabase.CreateAsync("the bounded PostgreSQL pool");
        using var host = BuildHost(new() { ["Storage:Provider"] = "Postgres", ["Storage:Postgres:ConnectionString"] = db.ConnectionString, ["Storage:Postgres:MaxPoolSize"] = "3" });
        await host.StartAsync();
        var limits = host.Services.GetRequiredService<IRateLimitStore>();

        // 60 concurrent writes; each would take its own server connection with an unbounded pool.
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => limits.TryAcquireAsync($"burst-{i}", 1, TimeSpan.FromMinutes(1), DateTimeOffset.UnixEpoch, default))));
        Assert.All(results, r => Assert.True(r.Acquired));

        await using var probe = new Npgsql.NpgsqlConnection(db.ConnectionString);
        await probe.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", probe);
        Assert.InRange((long)(await count.ExecuteScalarAsync())!, 1, 3);
        await host.StopAsync();
    }

    [Fact]
    public async Task Out_of_range_settings_are_named_at_start()
    {
        using var host = BuildHost(new() { ["Storage:Sqlite:BusyTimeout"] = "00:30:00" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:Sqlite", error.Message);
        Assert.Contains("BusyTimeout", error.Message);
    }

    [Fact]
    public async Task By_default_the_SQLite_file_is_created_under_the_content_root_and_every_store_resolves()
    {
        using var host = BuildHost([]);
        await host.StartAsync();

        Assert.True(File.Exists(Path.Combine(_contentRoot, "data", "helpdeskbot.db")));
        Assert.NotNull(host.Services.GetRequiredService<ICaseStore>());
        Assert.NotNull(host.Services.GetRequiredService<IOutboxStore>());
        Assert.NotNull(host.Services.GetRequiredService<IEmbeddedTicketStore>());
        Assert.NotNull(host.Services.GetRequiredService<IIncidentStore>());
        Assert.True((await host.Services.GetRequiredService<IRateLimitStore>().TryAcquireAsync("k", 1, TimeSpan.FromMinutes(1), DateTimeOffset.UnixEpoch, default)).Acquired);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries["storage"].Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task Unreachable_PostgreSQL_lets_the_host_start_but_reports_not_ready_without_the_password()
    {
        var port = FreeLoopbackPort();
        using var host = BuildHost(new()
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres:ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=helpdesk;Password=hunter2-secret;Database=hb;Timeout=2",
            ["Storage:HealthCheckTimeout"] = "00:00:02",
        });

        await host.StartAsync();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["storage"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains($"PostgreSQL 127.0.0.1:{port}/hb", entry.Description);
        Assert.DoesNotContain("hunter2", entry.Description);
        await host.StopAsync();
    }

    [Fact]
    public async Task PostgreSQL_provider_migrates_at_start_and_reports_ready()
    {
        await using var database = await Testing.PostgresTestDatabase.CreateAsync();
        using var host = BuildHost(new() { ["Storage:Provider"] = "Postgres", ["Storage:Postgres:ConnectionString"] = database.ConnectionString });

        await host.StartAsync();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries["storage"].Status);
        // The latest version this build knows, whatever number that is (migrations are renumbered at merge).
        Assert.Equal(host.Services.GetRequiredService<Schema.StorageDatabase>().LatestVersion, report.Entries["storage"].Data["schemaVersion"]);
        await host.StopAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task Probe_rate_limits_are_counted_in_the_shared_store_whatever_the_registration_order()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Probes:PerUserPerMinute"] = "2" });
        builder.AddHelpdeskBotStorage();
        HelpdeskBot.Probes.ProbesServiceCollectionExtensions.AddHelpdeskBotProbes(builder.Services);
        using var host = builder.Build();
        await host.StartAsync();

        var limiter = host.Services.GetRequiredService<HelpdeskBot.Probes.Safety.IProbeRateLimiter>();

        Assert.IsType<RateLimiting.StoreProbeRateLimiter>(limiter);
        Assert.Null(await limiter.TryAcquireAsync("29:ada", "wiki.contoso.com", default));
        Assert.Null(await limiter.TryAcquireAsync("29:ada", "wiki.contoso.com", default));
        Assert.Contains("2 diagnoses in the last minute", (await limiter.TryAcquireAsync("29:ada", "wiki.contoso.com", default))?.Reason);
        Assert.Null(await limiter.TryAcquireAsync("29:bob", "wiki.contoso.com", default));
        await host.StopAsync();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
        return ValueTask.CompletedTask;
    }
}
