using Azure.Core.Pipeline;
using Azure.Identity;
using HelpdeskBot.Storage.Postgres;
using HelpdeskBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HelpdeskBot.Storage.Tests;

/// <summary>
/// Storage:Postgres:Authentication=Entra against the real local PostgreSQL: the bot signs in as a non-admin role with
/// an Entra token (from the loopback fake token endpoint, through workload identity's federated token) as the
/// password, runs its migrations as that role, and takes a new token before the old one expires.
/// </summary>
public sealed class PostgresEntraSignInTests : IAsyncLifetime
{
    /// <summary>The role ./test.sh's server signs in with scram (pg_hba), so a wrong password is really refused.</summary>
    private const string Role = PostgresEntraRole.Name;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hb-entra-");
    // Starts at the real time: Azure.Identity states a token's expiry on the system clock.
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private FakeTokenEndpoint _tokens = null!;

    public async ValueTask InitializeAsync() => _tokens = await FakeTokenEndpoint.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _tokens.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_bot_signs_in_with_an_entra_token_as_a_non_admin_role_and_renews_it_before_expiry()
    {
        await using var db = await PostgresTestDatabase.CreateAsync("Entra sign-in to PostgreSQL");
        await PostgresEntraRole.PrepareAsync(db);

        var tokenFile = Path.Combine(_folder.FullName, "azure-identity-token");
        await File.WriteAllTextAsync(tokenFile, "federated-token-for-postgres");
        var appConnection = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = Role, Password = null }.ConnectionString;
        using var host = BuildHost(appConnection, tokenFile);

        // The migrations run as the non-admin role, signed in with the first token.
        await PostgresEntraRole.SetPasswordAsync(db, "connector-token-1");
        await host.StartAsync();
        var database = host.Services.GetRequiredService<PostgresDatabase>();
        Assert.True(await database.GetSchemaVersionAsync(default) > 0);
        var first = Assert.Single(_tokens.Requests);
        Assert.Equal("https://ossrdbms-aad.database.windows.net/.default", first.Form["scope"]);
        Assert.Equal("federated-token-for-postgres", first.Form["client_assertion"]);

        // Before the renewal point a new connection reuses the cached token...
        database.DataSource.Clear();
        _time.Advance(TimeSpan.FromMinutes(50));
        Assert.True(await database.GetSchemaVersionAsync(default) > 0);
        Assert.Single(_tokens.Requests);

        // ...and after it a new connection signs in with a new token (the server now knows only that one).
        await PostgresEntraRole.SetPasswordAsync(db, "connector-token-2");
        database.DataSource.Clear();
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(await database.GetSchemaVersionAsync(default) > 0);
        Assert.Equal(2, _tokens.Requests.Count);

        await host.StopAsync();
    }

    [Fact]
    public async Task Entra_sign_in_refuses_a_connection_string_with_a_password_or_without_a_user()
    {
        using var withPassword = BuildHost("Host=127.0.0.1;Database=helpdeskbot;Username=id-helpdeskbot;Password=leaked-value", tokenFile: null);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => withPassword.StartAsync());
        Assert.Contains("has a Password but Storage:Postgres:Authentication is Entra", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("leaked-value", error.Message, StringComparison.Ordinal);

        using var withoutUser = BuildHost("Host=127.0.0.1;Database=helpdeskbot", tokenFile: null);
        error = await Assert.ThrowsAsync<OptionsValidationException>(() => withoutUser.StartAsync());
        Assert.Contains("needs Username when Storage:Postgres:Authentication is Entra", error.Message, StringComparison.Ordinal);
    }

    private IHost BuildHost(string connectionString, string? tokenFile)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _folder.FullName, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres:ConnectionString"] = connectionString,
            ["Storage:Postgres:Authentication"] = "Entra",
        });
        builder.Services.AddSingleton<TimeProvider>(_time);
        var thumbprint = _tokens.Certificate.Thumbprint;
        // Workload identity as in Kubernetes, its authority the loopback fake (trusted by its certificate only).
        var options = new WorkloadIdentityCredentialOptions
        {
            TenantId = "8a4c8f1e-2d3b-4c5d-9e6f-7a8b9c0d1e2f",
            ClientId = "5c1f0a51-8d2b-4f7e-9a3c-2b7e1d4c9f60",
            TokenFilePath = tokenFile ?? Path.Combine(_folder.FullName, "none"),
            AuthorityHost = new Uri(_tokens.AuthorityHost),
            Transport = new HttpClientTransport(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
            }),
        };
        builder.Services.AddSingleton<Azure.Core.TokenCredential>(new UncachedCredential(() => new WorkloadIdentityCredential(options)));
        builder.AddHelpdeskBotStorage();
        return builder.Build();
    }

    /// <summary>
    /// A new credential per request: Azure.Identity's own token cache runs on the system clock, so with one instance
    /// the fake clock could not reach the renewal point. (In production that cache also renews 5 minutes before
    /// expiry, when the provider asks.)
    /// </summary>
    private sealed class UncachedCredential(Func<Azure.Core.TokenCredential> create) : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            create().GetToken(requestContext, cancellationToken);

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            create().GetTokenAsync(requestContext, cancellationToken);
    }
}
