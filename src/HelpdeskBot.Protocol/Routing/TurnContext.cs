using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Connector;

namespace HelpdeskBot.Protocol.Routing;

/// <summary>
/// One inbound activity being handled: the activity, its text without the bot's mention and its links, where to answer, and
/// the operations to answer through the Bot Connector.
/// </summary>
public sealed class TurnContext
{
    private readonly IBackgroundWorkQueue _backgroundWork;

    internal TurnContext(Activity activity, TurnText text, ConversationReference? reference, bool isAuthenticated, IConnectorClient connector, IBackgroundWorkQueue backgroundWork)
    {
        Activity = activity;
        Text = text;
        Reference = reference;
        IsAuthenticated = isAuthenticated;
        Connector = connector;
        _backgroundWork = backgroundWork;
    }

    /// <summary>The inbound activity, as received (unknown fields kept).</summary>
    public Activity Activity { get; }

    /// <summary>What the person wrote: the bot's own @mention removed, other mentions as names, HTML read into plain text and its links (see <see cref="TurnText"/>).</summary>
    public TurnText Text { get; }

    /// <summary>Where to send messages in this conversation; store it for proactive messages. Null if the activity has no serviceUrl/conversation.</summary>
    public ConversationReference? Reference { get; }

    /// <summary>True when the activity carried a valid Bot Framework token (false only in anonymous local mode).</summary>
    public bool IsAuthenticated { get; }

    /// <summary>The connector, for operations beyond the shortcuts below (create conversation, members).</summary>
    public IConnectorClient Connector { get; }

    /// <summary>
    /// Sends an activity into this conversation as a reply to the inbound activity (threaded in channels).
    /// Missing from/recipient/conversation fields are filled from the inbound activity.
    /// </summary>
    public Task<ResourceResponse> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var reference = RequireReference();
        Address(activity);
        return string.IsNullOrEmpty(Activity.Id)
            ? Connector.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, activity, cancellationToken)
            : Connector.ReplyToActivityAsync(reference.ServiceUrl, reference.ConversationId, Activity.Id, activity, cancellationToken);
    }

    /// <summary>Sends a text message (see <see cref="SendAsync(Activity, CancellationToken)"/>).</summary>
    public Task<ResourceResponse> SendTextAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(Activities.Activity.CreateMessage(text), cancellationToken);

    /// <summary>Replaces a message the bot sent earlier (e.g. a card) with <paramref name="activity"/>.</summary>
    public Task<ResourceResponse> UpdateAsync(string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        var reference = RequireReference();
        Address(activity);
        activity.Id = activityId;
        return Connector.UpdateActivityAsync(reference.ServiceUrl, reference.ConversationId, activityId, activity, cancellationToken);
    }

    /// <summary>Deletes a message the bot sent earlier.</summary>
    public Task DeleteAsync(string activityId, CancellationToken cancellationToken)
    {
        var reference = RequireReference();
        return Connector.DeleteActivityAsync(reference.ServiceUrl, reference.ConversationId, activityId, cancellationToken);
    }

    /// <summary>Shows the typing indicator.</summary>
    public Task SendTypingAsync(CancellationToken cancellationToken)
    {
        var reference = RequireReference();
        return Connector.SendTypingAsync(reference.ServiceUrl, reference.ConversationId, cancellationToken);
    }

    /// <summary>
    /// Continues work after the HTTP request has been answered (Teams expects the request back fast). The work
    /// gets the host's stopping token, not the request's. The backlog waits, never refused (false only after shutdown).
    /// </summary>
    public bool RunInBackground(Func<TurnContext, CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _backgroundWork.TryEnqueue(ct => work(this, ct));
    }

    private ConversationReference RequireReference() =>
        Reference ?? throw new InvalidOperationException("The activity has no serviceUrl or conversation id to answer to.");

    private void Address(Activity activity)
    {
        activity.Type ??= ActivityTypes.Message;
        activity.ChannelId ??= Activity.ChannelId;
        activity.From ??= Activity.Recipient is { } bot ? new ChannelAccount { Id = bot.Id, Name = bot.Name } : null;
        activity.Recipient ??= Activity.From is { } user ? new ChannelAccount { Id = user.Id, Name = user.Name } : null;
        activity.Conversation ??= Activity.Conversation is { } c ? new ConversationAccount { Id = c.Id, ConversationType = c.ConversationType, TenantId = c.TenantId } : null;
        activity.ReplyToId ??= Activity.Id;
    }
}
