using HelpdeskBot.Conversations.Delivery;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>
/// A reporter's "fixed" message claims that resolution <see cref="MessageClaim.Generation"/> of the incident stands. It
/// may wait a while (Teams throttles, the connector is down); a reopening meanwhile makes it untrue, and it is then
/// completed without a send (the reporter's card, rendered at send time, says the incident was reopened).
/// </summary>
internal sealed class ResolutionClaim(IHelpdeskStore store) : IMessageClaimSource
{
    public const string ClaimKind = "resolution";

    public string Kind => ClaimKind;

    public static MessageClaim Of(string incidentId, int resolution) => new(ClaimKind, incidentId, resolution);

    public async Task<bool> HoldsAsync(MessageClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return await store.GetDeskAsync(claim.SubjectId, cancellationToken).ConfigureAwait(false) is { Status: DeskStatus.Resolved } desk && desk.Resolutions == claim.Generation;
    }
}
