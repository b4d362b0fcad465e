using HelpdeskBot.Conversations.Delivery;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Tests.Delivery;

/// <summary>
/// The pacer's admission counts the sends that really go out, on the clock they are stamped with: a stall that wakes
/// many booked sends late cannot put more than Teams' limit into one sliding second.
/// </summary>
public sealed class DeliveryPacerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static DeliveryPacer Pacer() => new(Options.Create(new DeliveryOptions()));

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
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(TimeSpan.Zero, pacer.Admit($"chat-{i}", "tenant-1", late)));

        // The next 50 are on time for their slots, but 50 sends went out 50 ms ago: they wait a window from those.
        var onTime = T0 + TimeSpan.FromMilliseconds(1050);
        Assert.All(Enumerable.Range(50, 50), i => Assert.Equal(TimeSpan.FromSeconds(1), pacer.Admit($"chat-{i}", "tenant-1", onTime)));
        var afterWait = onTime + TimeSpan.FromSeconds(1);
        Assert.All(Enumerable.Range(50, 50), i => Assert.Equal(TimeSpan.Zero, pacer.Admit($"chat-{i}", "tenant-1", afterWait)));
        Assert.True(pacer.Admit("chat-extra", "tenant-1", afterWait) > TimeSpan.Zero);
    }

    [Fact]
    public void Admission_keeps_a_thread_within_its_own_limit_and_other_tenants_apart()
    {
        var pacer = Pacer();
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.Admit("thread-1", "tenant-1", T0 + TimeSpan.FromMilliseconds(i)));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(1050 - 10), pacer.Admit("thread-1", "tenant-1", T0 + TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.Zero, pacer.Admit("thread-2", "tenant-1", T0 + TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.Zero, pacer.Admit("thread-3", "tenant-2", T0 + TimeSpan.FromMilliseconds(10)));
    }
}
