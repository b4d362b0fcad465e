using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// The delivery queue around the real one, for the reporters' walk (which queues each reporter's "fixed" message
/// here): records every message key and live card queued, and holds the <see cref="HoldAt"/>-th message until
/// <see cref="Release"/> (a host stopping meanwhile cancels the wait) or fails it as if the process died there
/// (<see cref="FailAt"/>). Wired into a host by <see cref="Replace"/>; it survives the host's restarts.
/// </summary>
internal sealed class HeldDeliveryQueue
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _messages = [];
    private readonly List<LiveCard> _cards = [];

    /// <summary>The message (1-based, in the order queued) held until <see cref="Release"/>; null holds none.</summary>
    public int? HoldAt { get; set; }

    /// <summary>The message (1-based) that fails instead of being queued; null fails none.</summary>
    public int? FailAt { get; set; }

    /// <summary>Completes when the held message is reached (the walk waits there).</summary>
    public Task Held => _held.Task;

    /// <summary>Every message key queued (or tried), in order.</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Every live card queued through the queue (a case's card written with the case is not: it goes with its write).</summary>
    public IReadOnlyList<LiveCard> Cards
    {
        get
        {
            lock (_messages)
            {
                return [.. _cards];
            }
        }
    }

    public void Release() => _release.TrySetResult();

    /// <summary>Puts this around the host's delivery queue.</summary>
    public void Replace(IServiceCollection services)
    {
        services.TryAddSingleton<DeliveryQueue>();
        services.Replace(ServiceDescriptor.Singleton<IDeliveryQueue>(sp => new Holding(this, sp.GetRequiredService<DeliveryQueue>())));
    }

    private sealed class Holding(HeldDeliveryQueue owner, IDeliveryQueue inner) : IDeliveryQueue
    {
        public Task EnqueueCardAsync(LiveCard card, DateTimeOffset? notBefore, CancellationToken cancellationToken)
        {
            lock (owner._messages)
            {
                owner._cards.Add(card);
            }

            return inner.EnqueueCardAsync(card, notBefore, cancellationToken);
        }

        public async Task<bool> EnqueueMessageAsync(string key, ConversationReference conversation, Activity activity, MessageClaim? claim, CancellationToken cancellationToken)
        {
            int count;
            lock (owner._messages)
            {
                owner._messages.Add(key);
                count = owner._messages.Count;
            }

            if (count == owner.FailAt)
            {
                throw new IOException("injected stop before the message was queued");
            }

            if (count == owner.HoldAt)
            {
                owner._held.TrySetResult();
                await owner._release.Task.WaitAsync(cancellationToken);
            }

            return await inner.EnqueueMessageAsync(key, conversation, activity, claim, cancellationToken);
        }

        public Task EnqueueThreadMessageAsync(string key, LiveCard card, Activity activity, MessageClaim? claim, CancellationToken cancellationToken) =>
            inner.EnqueueThreadMessageAsync(key, card, activity, claim, cancellationToken);
    }
}
