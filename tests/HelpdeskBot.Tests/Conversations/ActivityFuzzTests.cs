using System.Net;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>
/// Issue 12's fuzz test through the whole bot (real tokens, troubleshooting conversation, SQLite): 520 generated
/// malformed activities (fixed seed), then a normal report reaches its first step card.
/// </summary>
public sealed class ActivityFuzzTests : IAsyncLifetime
{
    private const int Seed = 12_013;

    // Valid bodies reach the report parser with texts up to 200,000 characters (under the 256 KB body limit).
    private const int MaxText = 200_000;

    private ConversationHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ConversationHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Malformed_activities_get_no_5xx_and_the_bot_still_answers_a_normal_report()
    {
        var bodies = MalformedActivities.Generate(_host.Message("hello", conversationId: "a:fuzz"), 520, Seed, MaxText);
        Assert.True(bodies.Count >= 500);
        var refused = 0;
        foreach (var fuzzed in bodies)
        {
            using var response = await _host.PostRawAsync(fuzzed.Body);
            var text = await response.Content.ReadAsStringAsync();
            // 501 only for an invoke nobody handles, as the protocol prescribes (protocol README §6).
            var unhandledInvoke = response.StatusCode == HttpStatusCode.NotImplemented && fuzzed.Mutation.StartsWith("invoke named", StringComparison.Ordinal);
            Assert.True((int)response.StatusCode < 500 || unhandledInvoke, $"{fuzzed.Mutation}: {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            // An invoke's answer carries its own status: a turn that threw answers 200 with an InternalError inside.
            Assert.DoesNotContain("\"InternalError\"", text, StringComparison.Ordinal);
            refused += response.StatusCode == HttpStatusCode.BadRequest ? 1 : 0;
        }

        Assert.True(refused > 300, $"{refused} refused");

        var after = _host.Connector.Requests.Count;
        await _host.SayAsync("every site gives me 502", userId: "29:after-the-fuzz", conversationId: "a:after-the-fuzz");
        var (card, _, request) = await _host.WaitForCardAsync("Step 1:", after);
        Assert.Contains("/v3/conversations/a:after-the-fuzz/", request.Path, StringComparison.Ordinal);
        Assert.NotNull(ConversationHost.FindAction(card, "Still broken"));
    }
}
