using HelpdeskBot.Conversations.Delivery;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// A take reminder (in the incident's thread, or to an escalation contact) claims that nobody has taken the incident. It
/// holds while the incident is new (not taken, not resolved); checked by the delivery dispatcher right before the send.
/// </summary>
internal sealed class UntakenClaim(IHelpdeskStore store) : IMessageClaimSource
{
    public const string ClaimKind = "untaken";

    public string Kind => ClaimKind;

    public static MessageClaim Of(string incidentId) => new(ClaimKind, incidentId, 0);

    public async Task<bool> HoldsAsync(MessageClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return await store.GetDeskAsync(claim.SubjectId, cancellationToken).ConfigureAwait(false) is { Status: DeskStatus.New };
    }
}
