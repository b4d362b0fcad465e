using HelpdeskBot.Conversations.Delivery;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Tests.Delivery;

/// <summary>
/// The pacer's admission counts the sends that really go out, each from its start until a window after it finished: a
/// stall that wakes many booked sends late, or a slow way to the connector, cannot put more than Teams' limit into one
/// sliding second of arrivals.
/// </summary>
public sealed class DeliveryPacerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static DeliveryPacer Pacer() => new(Options.Create(new DeliveryOptions()));

    /// <summary>Admits one send at <paramref name="at"/> that finishes <paramref name="takes"/> later; returns the wait when refused.</summary>
    private static TimeSpan Send(DeliveryPacer pacer, string thread, string tenant, DateTimeOffset at, TimeSpan takes = default)
    {
        var wait = pacer.Admit(thread, tenant, at, out var admitted);
        Assert.Equal(wait == TimeSpan.Zero, admitted is not null);
        pacer.Finished(admitted, at + takes);
        return wait;
    }

    [Fact]
    public void Sends_woken_late_by_a_stall_wait_instead_of_bunching_with_the_next_slots()
    {
        var pacer = Pacer();
        // 100 sends to 100 chats of one tenant: the slots are 50 at once and 50 a window (1 s + 50 ms margin) later.
        var slots = Enumerable.Range(0, 100).Select(i => pacer.Reserve($"chat-{i}", "tenant-1", T0, TimeSpan.FromSeconds(5))).ToList();
        Assert.Equal(50, slots.Count(w => w == TimeSpan.Zero));
        Assert.Equal(50, slots.Count(w => w == TimeSpan.FromMilliseconds(1050)));

        // The process stalls: the first 50 wake a second late, just before the next 50's slots come due.
        var late = T0 + TimeSpan.FromSeconds(1);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(TimeSpan.Zero, Send(pacer, $"chat-{i}", "tenant-1", late)));

        // The next 50 are on time for their slots, but 50 sends went out 50 ms ago: they wait a window from those.
        var onTime = T0 + TimeSpan.FromMilliseconds(1050);
        Assert.All(Enumerable.Range(50, 50), i => Assert.Equal(TimeSpan.FromSeconds(1), Send(pacer, $"chat-{i}", "tenant-1", onTime)));
        var afterWait = onTime + TimeSpan.FromSeconds(1);
        Assert.All(Enumerable.Range(50, 50), i => Assert.Equal(TimeSpan.Zero, Send(pacer, $"chat-{i}", "tenant-1", afterWait)));
        Assert.True(Send(pacer, "chat-extra", "tenant-1", afterWait) > TimeSpan.Zero);
    }

    [Fact]
    public void A_send_booked_before_a_429_is_not_admitted_until_the_retry_after_is_over()
    {
        var pacer = Pacer();
        // Two sends to one thread get their slots at once; the first goes out and is answered 429 with Retry-After 3 s.
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("thread-1", "tenant-1", T0, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("thread-1", "tenant-1", T0, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.Zero, Send(pacer, "thread-1", "tenant-1", T0, TimeSpan.FromMilliseconds(250)));
        pacer.Throttled("thread-1", "tenant-1", TimeSpan.FromSeconds(3), T0 + TimeSpan.FromMilliseconds(250));

        // The second send, booked before the 429, is admitted only when the pause is over (the tenant's pause is capped).
        var retryAfterEnds = T0 + TimeSpan.FromMilliseconds(3250);
        Assert.Equal(TimeSpan.FromSeconds(3), Send(pacer, "thread-1", "tenant-1", T0 + TimeSpan.FromMilliseconds(250)));
        Assert.Equal(TimeSpan.FromMilliseconds(10), Send(pacer, "thread-1", "tenant-1", retryAfterEnds - TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.Zero, Send(pacer, "thread-1", "tenant-1", retryAfterEnds));

        // Another thread of the tenant waits only for the tenant's pause.
        Assert.True(Send(pacer, "thread-2", "tenant-1", T0 + TimeSpan.FromMilliseconds(250)) <= DeliveryPacer.TenantPauseCap);
    }

    [Fact]
    public void Admission_keeps_a_thread_within_its_own_limit_and_other_tenants_apart()
    {
        var pacer = Pacer();
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(TimeSpan.Zero, Send(pacer, "thread-1", "tenant-1", T0 + TimeSpan.FromMilliseconds(i)));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(1050 - 10), Send(pacer, "thread-1", "tenant-1", T0 + TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.Zero, Send(pacer, "thread-2", "tenant-1", T0 + TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.Zero, Send(pacer, "thread-3", "tenant-2", T0 + TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void A_send_holds_its_place_until_a_window_after_its_answer_however_slow_the_way_to_the_connector()
    {
        var pacer = Pacer();
        // 50 sends start at once; their calls take 300 ms (a loaded machine): a 51st waits for the first answers.
        var admitted = Enumerable.Range(0, 50).Select(i =>
        {
            Assert.Equal(TimeSpan.Zero, pacer.Admit($"chat-{i}", "tenant-1", T0, out var a));
            return a;
        }).ToList();
        Assert.Equal(DeliveryPacer.InFlightPoll, pacer.Admit("chat-50", "tenant-1", T0 + TimeSpan.FromSeconds(2), out var none));
        Assert.Null(none);

        var answered = T0 + TimeSpan.FromMilliseconds(300);
        admitted.ForEach(a => pacer.Finished(a, answered));
        Assert.Equal(answered + TimeSpan.FromMilliseconds(1050) - (T0 + TimeSpan.FromSeconds(1)), pacer.Admit("chat-50", "tenant-1", T0 + TimeSpan.FromSeconds(1), out _));
        Assert.Equal(TimeSpan.Zero, pacer.Admit("chat-50", "tenant-1", answered + TimeSpan.FromMilliseconds(1050), out var late));
        Assert.NotNull(late);
    }
}
