using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Probes.Tests.Targets;

/// <summary>
/// A refused target is logged by host at Warning; the reason, which quotes what the user typed, only at Debug and cut at
/// the query string (a URL the user pasted can carry a token there) and without a password before the host. No socket is
/// opened (the guard refuses first).
/// </summary>
public sealed class RefusalLoggingTests
{
    private const string Secret = "s3cret-token";

    [Theory]
    [InlineData("http://[zz]/report?sig=" + Secret, "target.invalid", "(not a web address)", "'http://[zz]/report' is not a web address.")]
    [InlineData("http://10.0.0.1/admin?token=" + Secret + "#frag", "ssrf.blocked", "10.0.0.1", "http://10.0.0.1/admin was not probed")]
    [InlineData("https://admin:hunter2@wiki.contoso.com:99999/report?sig=" + Secret, "target.invalid", "(not a web address)", "'https://wiki.contoso.com:99999/report' is not a web address.")]
    public async Task A_refused_target_is_logged_by_host_and_its_reason_without_the_query_only_at_Debug(string target, string code, string host, string debugReason)
    {
        using var logs = new FakeLoggerProvider();
        await using var probes = ProbeHost.Build(allowLoopback: false, logs: logs);

        var diagnosis = await probes.DiagnoseAsync(target);

        Assert.Equal(VerdictKind.Refused, diagnosis.Verdict.Kind);
        Assert.Contains(Secret, diagnosis.Verdict.Detail, StringComparison.Ordinal); // the user's own card still quotes what they typed
        var entries = logs.Collector.GetSnapshot();
        var warning = Assert.Single(entries, e => e.Level == LogLevel.Warning);
        Assert.Equal($"Target {host} refused ({code})", warning.Message);
        var debug = Assert.Single(entries, e => e.Id.Id == 3004);
        Assert.Equal(LogLevel.Debug, debug.Level);
        Assert.Contains(debugReason, debug.Message, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal)); // a password in the address: nowhere
        Assert.DoesNotContain("hunter2", diagnosis.Verdict.Detail, StringComparison.Ordinal);
    }
}
