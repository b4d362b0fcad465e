using System.Net;
using System.Text.Json.Nodes;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Protocol.Tests.Authentication;

/// <summary>The token matrix of issue 2 against keys generated here and served from a loopback metadata endpoint.</summary>
public sealed class ChannelAuthenticationTests : IAsyncLifetime
{
    private FakeChannelAuthority _authority = null!;
    private FakeConnector _connector = null!;
    private ProtocolHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _authority = await FakeChannelAuthority.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _host = await ProtocolHost.StartAuthenticatedAsync(_authority.MetadataUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
        await _authority.DisposeAsync();
    }

    private string Activity(string channelId = "msteams")
    {
        var node = JsonNode.Parse(Payloads.Read("message-personal.json"))!;
        node["serviceUrl"] = _connector.ServiceUrl;
        node["channelId"] = channelId;
        return node.ToJsonString();
    }

    private string Token(Action<TokenSpec>? configure = null) => _authority.CreateToken(ProtocolHost.AppId, _connector.ServiceUrl, configure);

    [Theory]
    [InlineData("RS256")]
    [InlineData("RS384")]
    [InlineData("RS512")]
    public async Task A_valid_channel_token_is_accepted(string algorithm)
    {
        using var response = await _host.PostAsync(Activity(), Token(t => t.Algorithm = algorithm));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Assert.Single(_host.Handler.Calls).Turn.IsAuthenticated);
    }

    public static TheoryData<string, Action<TokenSpec>> BadTokens() => new()
    {
        { "expired", t => { t.NotBeforeOffset = TimeSpan.FromHours(-2); t.ExpiresOffset = TimeSpan.FromMinutes(-6); } },
        { "not yet valid", t => { t.NotBeforeOffset = TimeSpan.FromMinutes(6); t.ExpiresOffset = TimeSpan.FromHours(1); } },
        { "wrong audience", t => t.Audience = "11111111-2222-3333-4444-555555555555" },
        { "wrong issuer", t => t.Issuer = "https://api.botframework.evil" },
        { "unknown kid", t => { t.Kid = "kid-nobody-published"; t.SignWithForeignKey = true; } },
        { "bad signature", t => t.SignWithForeignKey = true },
        { "alg none", t => t.Algorithm = "none" },
        { "HS256 with the public key as secret", t => t.Algorithm = "HS256-public-key" },
        { "serviceUrl claim mismatch", t => t.ServiceUrl = "https://attacker.example/" },
        { "serviceUrl claim missing", t => t.ServiceUrl = null },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_gets_401_without_detail(string why, Action<TokenSpec> spoil)
    {
        using var response = await _host.PostAsync(Activity(), Token(spoil));
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Empty(_host.Handler.Calls);
    }

    public static TheoryData<string, object> CritHeaders() => new()
    {
        { "unknown extension", new[] { "exp" } },
        { "made-up extension", new[] { "urn:example:must-understand" } },
        { "empty list", Array.Empty<string>() },
        { "not a list", "b64" },
    };

    [Theory]
    [MemberData(nameof(CritHeaders))]
    public async Task A_token_with_a_crit_header_gets_401(string why, object crit)
    {
        // RFC 7515 §4.1.11: extensions named in "crit" must be understood or the token rejected; this bot
        // understands none. The token is otherwise valid and correctly signed.
        using var response = await _host.PostAsync(Activity(), Token(t => t.HeaderClaims = new() { ["crit"] = crit, ["urn:example:must-understand"] = true }));
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
        Assert.Empty(_host.Handler.Calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer not.a.jwt")]
    [InlineData("Bearer abc")]
    public async Task A_missing_or_malformed_header_gets_401(string? header)
    {
        using var response = await _host.PostAsync(Activity(), rawAuthorization: header);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Handler.Calls);
    }

    [Fact]
    public async Task A_channel_the_key_is_not_endorsed_for_gets_401()
    {
        using var response = await _host.PostAsync(Activity(channelId: "webchat"), Token());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_channel_in_its_endorsements_gets_401()
    {
        var kid = _authority.PublishNewKey(["skype", "webchat"]);
        using var response = await _host.PostAsync(Activity(), Token(t => t.Kid = kid));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_serviceUrl_claim_is_compared_case_insensitively()
    {
        using var response = await _host.PostAsync(Activity(), Token(t => t.ServiceUrl = _connector.ServiceUrl.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_rotated_key_is_picked_up_without_restart()
    {
        using (var before = await _host.PostAsync(Activity(), Token()))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var fetches = _authority.MetadataRequests;
        var newKid = _authority.PublishNewKey(["msteams"], replaceExisting: true);
        using var after = await _host.PostAsync(Activity(), Token(t => t.Kid = newKid));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.True(_authority.MetadataRequests > fetches);
    }

    [Fact]
    public async Task Keys_are_fetched_once_and_cached()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await _host.PostAsync(Activity(), Token());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, _authority.MetadataRequests);
    }

    [Fact]
    public async Task The_bot_starts_without_reachable_metadata_and_answers_401()
    {
        // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
        await using var host = await ProtocolHost.StartAuthenticatedAsync("http://127.0.0.1:9/v1/.well-known/openidconfiguration");
        using var response = await host.PostAsync(Activity(), Token());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Handler.Calls);
    }

    [Fact]
    public async Task A_valid_token_without_a_body_problem_still_gets_400_for_a_malformed_activity()
    {
        using var response = await _host.PostAsync("{\"type\":", Token());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_body_is_not_even_parsed()
    {
        using var response = await _host.PostAsync("{\"type\":");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
