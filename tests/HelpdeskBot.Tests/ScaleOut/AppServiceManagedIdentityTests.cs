using System.Collections.Concurrent;
using System.Net;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.EndToEnd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// The App Service route of Storage:Postgres:Authentication=Entra, as deploy/modules/app.bicep sets it up: the real bot
/// process, given App Service's managed-identity environment (IDENTITY_ENDPOINT, IDENTITY_HEADER) pointing at a loopback
/// fake of the platform's token endpoint, signs in to the real PostgreSQL as the non-admin role with the token it gets
/// there, runs its migrations and answers /health/ready. (Kubernetes' workload identity: PostgresEntraSignInTests.)
/// </summary>
public sealed class AppServiceManagedIdentityTests
{
    private const string Token = "app-service-managed-identity-token";

    [Fact]
    public async Task On_App_Service_the_bot_signs_in_to_postgres_with_its_managed_identity_and_is_ready()
    {
        await using var db = await PostgresTestDatabase.CreateAsync("App Service managed-identity sign-in to PostgreSQL");
        await PostgresEntraRole.PrepareAsync(db);

        await PostgresEntraRole.SetPasswordAsync(db, Token);
        var secretHeader = Guid.NewGuid().ToString("N");
        var asked = new ConcurrentQueue<(string Resource, string Header, string ApiVersion)>();
        await using var platform = await LoopbackServer.StartAsync(app => app.Run(async context =>
        {
            // App Service's local token endpoint: GET ?api-version=2019-08-01&resource=…, header X-IDENTITY-HEADER.
            var header = context.Request.Headers["X-IDENTITY-HEADER"].ToString();
            asked.Enqueue((context.Request.Query["resource"].ToString(), header, context.Request.Query["api-version"].ToString()));
            if (header != secretHeader)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            var expiresOn = TimeProvider.System.GetUtcNow().AddHours(1).ToUnixTimeSeconds();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"access_token":"{{Token}}","expires_on":"{{expiresOn}}","resource":"https://ossrdbms-aad.database.windows.net","token_type":"Bearer"}""");
        }));

        var connection = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = PostgresEntraRole.Name, Password = null }.ConnectionString;
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string?>
        {
            ["IDENTITY_ENDPOINT"] = new Uri(platform.BaseAddress, "msi/token").ToString(),
            ["IDENTITY_HEADER"] = secretHeader,
            ["Storage__Provider"] = "Postgres",
            ["Storage__Postgres__ConnectionString"] = connection,
            ["Storage__Postgres__Authentication"] = "Entra",
        });

        using var http = new HttpClient { BaseAddress = bot.BaseAddress };
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
        HttpStatusCode ready;
        while ((ready = (await http.GetAsync(new Uri("health/ready", UriKind.Relative), patience.Token)).StatusCode) != HttpStatusCode.OK)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), patience.Token);
        }

        Assert.Equal(HttpStatusCode.OK, ready);
        var request = Assert.Single(asked.Distinct());
        Assert.Equal("https://ossrdbms-aad.database.windows.net", request.Resource);
        Assert.Equal(secretHeader, request.Header);
        Assert.False(string.IsNullOrEmpty(request.ApiVersion));

        // The migrations ran as the role the token signed in.
        await using var admin = new NpgsqlConnection(db.ConnectionString);
        await admin.OpenAsync();
        await using var owner = new NpgsqlCommand("SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'cases';", admin);
        Assert.Equal(PostgresEntraRole.Name, await owner.ExecuteScalarAsync() as string);
        Assert.DoesNotContain(Token, bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secretHeader, bot.Output, StringComparison.Ordinal);
    }
}
