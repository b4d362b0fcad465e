using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Protocol.Tests.Hosting;

/// <summary>
/// Issue 12's fuzz test at the protocol layer: 600 generated malformed activities (fixed seed) against
/// <c>/api/messages</c> in Development; none gets a 5xx or a stack trace, and a normal message is answered afterwards.
/// </summary>
public sealed class ActivityFuzzTests : AnonymousHostTest
{
    private const int Seed = 12_012;

    [Fact]
    public async Task Six_hundred_malformed_activities_get_no_5xx_and_a_normal_message_is_answered_afterwards()
    {
        var valid = BadInputTests.Valid(Connector.ServiceUrl);
        var bodies = MalformedActivities.Generate(valid, 600, Seed);
        Assert.True(bodies.Count >= 500);

        var statuses = new Dictionary<int, int>();
        foreach (var fuzzed in bodies)
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(fuzzed.Body));
            content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            using var response = await Host.Client.PostAsync("api/messages", content);
            var text = await response.Content.ReadAsStringAsync();
            // The one 5xx the protocol prescribes: 501 for an invoke nobody handles (protocol README §6).
            var unhandledInvoke = response.StatusCode == HttpStatusCode.NotImplemented
                && fuzzed.Mutation.StartsWith("invoke named", StringComparison.Ordinal) && !fuzzed.Mutation.Contains("adaptiveCard/action", StringComparison.Ordinal);
            Assert.True((int)response.StatusCode < 500 || unhandledInvoke, $"{fuzzed.Mutation}: {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            // An invoke's answer carries its own status: a turn that threw answers 200 with an InternalError inside.
            Assert.DoesNotContain("\"InternalError\"", text, StringComparison.Ordinal);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
        }

        // The generator makes both refused and accepted activities (wrong types of optional fields are not errors).
        Assert.True(statuses.GetValueOrDefault(400) > 300, string.Join(", ", statuses));
        Assert.True(statuses.GetValueOrDefault(200) > 20, string.Join(", ", statuses));

        Host.Handler.ReplyToMessages = true;
        var normal = BadInputTests.Valid(Connector.ServiceUrl);
        normal["id"] = "after-the-fuzz";
        normal["text"] = "I'm getting a 502 on wiki.contoso.com";
        var before = Connector.Requests.Count;
        using var answer = await Host.PostAsync(normal.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var sent = await Connector.WaitForRequestsAsync(before + 1);
        Assert.Equal("echo: I'm getting a 502 on wiki.contoso.com", sent[^1].Text);
    }
}
