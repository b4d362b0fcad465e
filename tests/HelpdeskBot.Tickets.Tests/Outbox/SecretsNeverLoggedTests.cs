using HelpdeskBot.Tickets.Outbox;
using HelpdeskBot.Tickets.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Tickets.Tests.Outbox;

public sealed class SecretsNeverLoggedTests
{
    /// <summary>
    /// Failures, throttling and success with every log at Trace (HttpClient header logs included): no
    /// credential in any message, structured value, exception or stored error.
    /// </summary>
    [Theory]
    [MemberData(nameof(FakeSystems.HttpProviders), MemberType = typeof(FakeSystems))]
    public async Task No_credential_appears_in_any_log_line_exception_or_stored_error(string provider)
    {
        await using var system = await DispatcherSystem.StartAsync(provider);
        var fake = system.Fake!;
        var time = new FakeTimeProvider(TestEscalations.At);
        await using var host = await TicketsTestHost.StartAsync(TicketsTestHost.NewDatabasePath(), time, system.Settings, extra: new Dictionary<string, string?> { ["Tickets:GiveUpAfter"] = "00:05:00" });
        await host.EnqueueAsync(TestEscalations.Create("esc-secret-1"), CancellationToken.None);
        await host.EnqueueAsync(TestEscalations.Create("esc-secret-2", target: "intranet.contoso.com"), CancellationToken.None);

        foreach (var mode in new[] { FakeMode.ServerError, FakeMode.Throttle, FakeMode.ServerError, FakeMode.Succeed })
        {
            fake.Mode = mode;
            await host.DrainDueAsync();
            time.Advance(TimeSpan.FromMinutes(2));
        }

        // One more escalation after the give-up time passed for nothing: parked, with its error kept.
        fake.Mode = FakeMode.ServerError;
        await host.EnqueueAsync(TestEscalations.Create("esc-secret-3", target: "hr.contoso.com"), CancellationToken.None);
        await host.DrainDueAsync();
        time.Advance(TimeSpan.FromMinutes(6));
        await host.DrainDueAsync();

        var records = host.Logs.GetSnapshot();
        Assert.True(records.Count > 20, $"logs were captured ({records.Count})");
        Assert.Contains(records, r => r.Id.Id == 5013 && r.Message.Contains(" answered 500 ", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Id == 5006);
        var texts = records.SelectMany(r => new[] { r.Message, r.Exception?.ToString() ?? string.Empty }
            .Concat(r.StructuredState?.Select(kv => kv.Value ?? string.Empty) ?? []));
        var stored = (await host.Outbox.ListAsync(null, 100, CancellationToken.None)).Select(e => e.LastError ?? string.Empty).ToList();
        Assert.Contains(stored, e => e.Length > 0);
        foreach (var secret in fake.Secrets)
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(stored, t => t.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Equal(2, (await host.CountsAsync()).GetValueOrDefault(OutboxState.Sent));
        Assert.Equal(1, (await host.CountsAsync()).GetValueOrDefault(OutboxState.Parked));
    }
}
