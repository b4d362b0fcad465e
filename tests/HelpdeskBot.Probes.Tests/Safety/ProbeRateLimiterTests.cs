using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Probes.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Probes.Tests.Safety;

public sealed class ProbeRateLimiterTests
{
    [Fact]
    public async Task Per_user_limit_refuses_then_recovers_after_a_minute()
    {
        var time = new FakeTimeProvider();
        using var host = ProbeHost.Build(o => { o.PerUserPerMinute = 2; o.PerTargetPerMinute = 0; }, time: time);
        var limiter = host.GetRequiredService<IProbeRateLimiter>();
        Assert.Null(await limiter.TryAcquireAsync("alice", "a.example", default));
        Assert.Null(await limiter.TryAcquireAsync("alice", "b.example", default));
        Assert.Contains("wait a minute", (await limiter.TryAcquireAsync("alice", "c.example", default))?.Reason);
        Assert.Null(await limiter.TryAcquireAsync("bob", "c.example", default));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await limiter.TryAcquireAsync("alice", "c.example", default));
    }

    [Fact]
    public async Task Per_target_limit_counts_every_requester()
    {
        var time = new FakeTimeProvider();
        using var host = ProbeHost.Build(o => { o.PerUserPerMinute = 0; o.PerTargetPerMinute = 2; }, time: time);
        var limiter = host.GetRequiredService<IProbeRateLimiter>();
        Assert.Null(await limiter.TryAcquireAsync("alice", "wiki.example", default));
        Assert.Null(await limiter.TryAcquireAsync("bob", "wiki.example", default));
        Assert.Contains("wiki.example", (await limiter.TryAcquireAsync("carol", "wiki.example", default))?.Reason);
        Assert.Null(await limiter.TryAcquireAsync("carol", "other.example", default));
    }

    [Fact]
    public async Task A_diagnosis_the_target_refuses_is_not_counted_against_the_requester()
    {
        var time = new FakeTimeProvider();
        using var host = ProbeHost.Build(o => { o.PerUserPerMinute = 2; o.PerTargetPerMinute = 1; }, time: time);
        var limiter = host.GetRequiredService<IProbeRateLimiter>();
        Assert.Null(await limiter.TryAcquireAsync("alice", "a.example", default));
        Assert.Equal(false, (await limiter.TryAcquireAsync("alice", "a.example", default))?.ByRequester);
        Assert.Null(await limiter.TryAcquireAsync("alice", "b.example", default)); // her 2nd diagnosis: the refused one did not count
        Assert.Equal(true, (await limiter.TryAcquireAsync("alice", "c.example", default))?.ByRequester);
    }

    [Fact]
    public async Task A_rate_limited_diagnosis_is_refused_without_probing()
    {
        using var listener = new CountingListener(System.Net.IPAddress.Loopback);
        using var host = ProbeHost.Build(o => { o.PerUserPerMinute = 1; o.AllowedPorts = [listener.Port]; o.AttemptTimeout = TimeSpan.FromMilliseconds(300); });
        await host.DiagnoseAsync($"http://127.0.0.1:{listener.Port}/", 1, "alice");
        var before = listener.Connections;
        var second = await host.DiagnoseAsync($"http://127.0.0.1:{listener.Port}/", 1, "alice");
        Assert.Equal(HelpdeskBot.Probes.Diagnosis.VerdictKind.Refused, second.Verdict.Kind);
        Assert.Contains(second.Findings, f => f.Code == "rate.limited");
        Assert.Equal(before, listener.Connections);
    }
}
