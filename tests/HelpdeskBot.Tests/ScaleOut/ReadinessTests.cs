using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

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
}
