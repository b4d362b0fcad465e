using System.Text.Json;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Connector;
using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Protocol.Tests.Connector;

/// <summary>Outbound calls against a loopback fake connector and a loopback fake token endpoint.</summary>
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string AppId = ProtocolHost.AppId;
    private FakeConnector _connector = null!;
    private FakeTokenEndpoint _tokens = null!;
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _tokens = await FakeTokenEndpoint.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppType"] = "MultiTenant", // a bot registered before August 2025: tokens from botframework.com
            ["MicrosoftAppPassword"] = "s3cret",
            ["Bot:Connector:AuthorityHost"] = _tokens.AuthorityHost,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Development" });
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddHelpdeskBotProtocol(configuration);
        _tokens.TrustFrom(services);
        _services = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connector.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    private IConnectorClient Client => _services.GetRequiredService<IConnectorClient>();

    private void TrustConnector() => _services.GetRequiredService<ITrustedServiceUrls>().Trust(_connector.ServiceUrl);

    [Fact]
    public async Task Every_operation_uses_its_path_verb_token_and_json()
    {
        TrustConnector();
        var client = Client;
        var card = JsonDocument.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[]}""").RootElement.Clone();
        var sent = await client.SendToConversationAsync(_connector.ServiceUrl, "a:conv 1", Activity.CreateMessage("hi"), default);
        var replied = await client.ReplyToActivityAsync(_connector.ServiceUrl, "19:abc@thread.tacv2;messageid=17", "17", Activity.CreateCardMessage(card), default);
        await client.UpdateActivityAsync(_connector.ServiceUrl, "a:conv 1", sent.Id!, Activity.CreateMessage("edited"), default);
        await client.DeleteActivityAsync(_connector.ServiceUrl, "a:conv 1", sent.Id!, default);
        await client.SendTypingAsync(_connector.ServiceUrl, "a:conv 1", default);
        var created = await client.CreateConversationAsync(_connector.ServiceUrl, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = "28:" + AppId },
            Members = [new ChannelAccount { Id = "29:user" }],
            TenantId = "tenant-1",
            ChannelData = JsonSerializer.SerializeToElement(new TeamsChannelData { Tenant = new TenantInfo { Id = "tenant-1" } }, ProtocolJsonContext.Default.TeamsChannelData),
        }, default);
        var members = await client.GetConversationMembersAsync(_connector.ServiceUrl, "a:conv 1", default);

        Assert.Equal("1", sent.Id);
        Assert.Equal("2", replied.Id);
        Assert.StartsWith("a:created-", created.Id, StringComparison.Ordinal);
        Assert.Equal("29:user", Assert.Single(members).Id);

        var r = _connector.Requests;
        Assert.Equal(7, r.Count);
        Assert.Equal(("POST", "/v3/conversations/a:conv 1/activities"), (r[0].Method, r[0].Path));
        Assert.Equal("/v3/conversations/a%3Aconv%201/activities", r[0].RawPath);
        Assert.Equal(("POST", "/v3/conversations/19:abc@thread.tacv2;messageid=17/activities/17"), (r[1].Method, r[1].Path));
        Assert.Equal(("PUT", "/v3/conversations/a:conv 1/activities/1"), (r[2].Method, r[2].Path));
        Assert.Equal(("DELETE", "/v3/conversations/a:conv 1/activities/1"), (r[3].Method, r[3].Path));
        Assert.Equal(("POST", "/v3/conversations/a:conv 1/activities"), (r[4].Method, r[4].Path));
        Assert.Equal(("POST", "/v3/conversations"), (r[5].Method, r[5].Path));
        Assert.Equal(("GET", "/v3/conversations/a:conv 1/members"), (r[6].Method, r[6].Path));
        Assert.All(r, x => Assert.Equal("connector-token-1", x.BearerToken));

        Assert.Equal("hi", r[0].Text);
        Assert.Equal("AdaptiveCard", (string?)r[1].Card!["type"]);
        Assert.Equal("edited", r[2].Text);
        Assert.Equal("typing", (string?)r[4].Body!["type"]);
        Assert.Equal("tenant-1", (string?)r[5].Body!["channelData"]!["tenant"]!["id"]);
        Assert.Equal("29:user", (string?)r[5].Body!["members"]![0]!["id"]);

        // One token for all seven calls: cached.
        var tokenRequest = Assert.Single(_tokens.Requests);
        Assert.Equal("botframework.com", tokenRequest.Tenant);
        Assert.Equal("client_credentials", tokenRequest.Form["grant_type"]);
        Assert.Equal(AppId, tokenRequest.Form["client_id"]);
        Assert.Equal("https://api.botframework.com/.default", tokenRequest.Form["scope"]);
    }

    [Fact]
    public async Task A_service_url_never_seen_in_an_authenticated_activity_gets_no_token()
    {
        await Client.SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("hi"), default);
        Assert.Null(Assert.Single(_connector.Requests).BearerToken);
        Assert.Empty(_tokens.Requests);
    }

    [Fact]
    public void Trust_is_per_service_url_prefix_not_per_host()
    {
        var trusted = _services.GetRequiredService<ITrustedServiceUrls>();
        trusted.Trust("https://smba.trafficmanager.net/amer/");
        Assert.True(trusted.IsTrusted(new Uri("https://smba.trafficmanager.net/amer/v3/conversations/a/activities")));
        Assert.True(trusted.IsTrusted(new Uri("https://SMBA.trafficmanager.net/amer/v3/x")));
        Assert.False(trusted.IsTrusted(new Uri("https://smba.trafficmanager.net/america/v3/x")));
        Assert.False(trusted.IsTrusted(new Uri("http://smba.trafficmanager.net/amer/v3/x")));
        Assert.False(trusted.IsTrusted(new Uri("https://smba.trafficmanager.net.evil.example/amer/v3/x")));
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_after_that_delay()
    {
        TrustConnector();
        _connector.FailNext(429, TimeSpan.FromSeconds(7));
        var start = _time.GetUtcNow();
        var send = Client.SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("hi"), default);
        await _connector.WaitForRequestsAsync(1);

        var elapsed = await AdvanceUntilAsync(() => _connector.Requests.Count >= 2, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20));
        var result = await send;

        Assert.Equal("1", result.Id);
        Assert.InRange(elapsed - TimeSpan.Zero, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(8.5));
        Assert.Equal(2, _connector.Requests.Count);
        Assert.All(_connector.Requests, r => Assert.Equal("connector-token-1", r.BearerToken));
        Assert.True(_time.GetUtcNow() - start >= TimeSpan.FromSeconds(7));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(412)]
    public async Task Transient_failures_are_retried(int status)
    {
        TrustConnector();
        _connector.FailNext(status);
        var send = Client.SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("hi"), default);
        await _connector.WaitForRequestsAsync(1);
        await AdvanceUntilAsync(() => _connector.Requests.Count >= 2, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
        Assert.Equal("1", (await send).Id);
    }

    [Fact]
    public async Task A_client_error_is_not_retried_and_throws_with_the_connector_code()
    {
        TrustConnector();
        _connector.FailNext(403);
        var e = await Assert.ThrowsAsync<ConnectorException>(() => Client.SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("hi"), default));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("ServiceError", e.ErrorCode);
        Assert.Single(_connector.Requests);
        Assert.DoesNotContain("connector-token", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Advances the fake clock in steps until <paramref name="done"/>; returns the fake time it took.</summary>
    private async Task<TimeSpan> AdvanceUntilAsync(Func<bool> done, TimeSpan step, TimeSpan max)
    {
        var elapsed = TimeSpan.Zero;
        while (!done())
        {
            Assert.True(elapsed < max, $"not done after {elapsed} of fake time");
            // Let the retry strategy register its delay timer against the fake clock before moving it.
            await Task.Delay(20);
            _time.Advance(step);
            elapsed += step;
            for (var i = 0; i < 10 && !done(); i++)
            {
                await Task.Delay(5);
            }
        }

        return elapsed;
    }
}
