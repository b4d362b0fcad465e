using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>
/// A report naming a URL with a secret in its query string, through /api/messages to the ticket, with every log record
/// of the real host captured: the logs above Debug name the host only, and Debug has the URL without its query.
/// </summary>
public sealed class TargetLoggingTests
{
    private const string Secret = "s3cret-sig-91f2";

    [Theory]
    [InlineData("Debug")]
    [InlineData("Information")]
    public async Task A_reported_url_is_logged_as_its_host_at_Information_and_without_its_query_at_Debug(string level)
    {
        await using var site = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            ctx.Response.StatusCode = 502;
            return Task.CompletedTask;
        }));
        ConversationHost.AllowPort(site.Port);
        await using var host = await ConversationHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = level },
            services: s => s.AddFakeLogging());
        var logs = host.Services.GetRequiredService<FakeLogCollector>();
        var url = new Uri(site.BaseAddress, "private/report.aspx");

        await host.SayAsync($"I'm getting a 502 on {url}?sig={Secret}#page=2");
        await host.WaitForCardAsync("Ticket HD-");

        host.AssertAllCardsValid();
        var records = logs.GetSnapshot();
        var opened = Assert.Single(records, r => r.Id.Id == 4000);
        Assert.Equal(LogLevel.Information, opened.Level);
        Assert.Equal("127.0.0.1", opened.GetStructuredStateValue("Host"));
        Assert.EndsWith($"on 127.0.0.1 (scope {opened.GetStructuredStateValue("Scope")})", opened.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Information && (r.Message.Contains(Secret, StringComparison.Ordinal) || r.Message.Contains("/private/", StringComparison.Ordinal)));

        var target = records.Where(r => r.Id.Id == 4015).ToList();
        if (level == "Debug")
        {
            Assert.Equal(LogLevel.Debug, Assert.Single(target).Level);
            Assert.Equal(url.ToString(), target[0].GetStructuredStateValue("Url"));
        }
        else
        {
            Assert.Empty(target);
            Assert.DoesNotContain(records, r => r.Message.Contains(Secret, StringComparison.Ordinal));
        }
    }
}
