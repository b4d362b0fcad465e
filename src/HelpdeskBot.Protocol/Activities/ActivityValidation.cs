using System.Collections;
using System.Text.Json;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// What an inbound activity must hold before any route sees it (protocol README §3): a type, an absolute http(s)
/// <c>serviceUrl</c> to answer to, the conversation, who sent it and to whom — every real Teams activity carries
/// <c>conversation.id</c>, <c>from.id</c> and <c>recipient.id</c>, and without them nothing can be answered or
/// escalated (a report without <c>from.id</c> made an escalation that could never be sent, issue 12) — and no
/// null members in its arrays.
/// </summary>
public static class ActivityValidation
{
    /// <summary>Null when the activity is complete, else a sentence saying what is wrong (no input echoed).</summary>
    /// <param name="loopbackServiceUrlOnly">Anonymous local mode: only a loopback <c>serviceUrl</c> is answered.</param>
    public static string? Problem(Activity activity, bool loopbackServiceUrlOnly)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "type is missing: every activity names its type (message, invoke, conversationUpdate, …).";
        }

        if (string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            return "serviceUrl is missing: the bot cannot answer without the connector's address.";
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "serviceUrl is not an absolute http(s) URL.";
        }

        if (loopbackServiceUrlOnly && !uri.IsLoopback)
        {
            return "serviceUrl is not a loopback address: in anonymous local mode (no MicrosoftAppId) the bot answers only to a connector on this machine.";
        }

        return MissingId(activity.Conversation?.Id, "conversation")
            ?? MissingId(activity.From?.Id, "from")
            ?? MissingId(activity.Recipient?.Id, "recipient")
            ?? NullMember(activity.Entities, "entities")
            ?? NullMember(activity.Attachments, "attachments")
            ?? NullMember(activity.MembersAdded, "membersAdded")
            ?? NullMember(activity.MembersRemoved, "membersRemoved")
            ?? NullMember(activity.ReactionsAdded, "reactionsAdded")
            ?? NullMember(activity.ReactionsRemoved, "reactionsRemoved")
            ?? MalformedChannelData(activity);
    }

    /// <summary>Teams' channel data, when present as an object, must read as <see cref="TeamsChannelData"/>: a tenant,
    /// team or channel that is not an object with string fields is refused here rather than failing the route later.</summary>
    private static string? MalformedChannelData(Activity activity)
    {
        if (activity.ChannelData is not { ValueKind: JsonValueKind.Object })
        {
            return null;
        }

        try
        {
            _ = TeamsChannelData.From(activity);
            return null;
        }
        catch (JsonException)
        {
            return "channelData is malformed: its tenant, team and channel must be objects whose fields are strings.";
        }
    }

    private static string? MissingId(string? id, string field) =>
        string.IsNullOrWhiteSpace(id) ? $"{field}.id is missing: every activity says its conversation, its sender (from) and its recipient." : null;

    private static string? NullMember(IList? list, string field)
    {
        if (list is null)
        {
            return null;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                return $"{field}[{i}] is null: array members must be objects.";
            }
        }

        return null;
    }
}
