using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>
/// The "case" live card: a reporter's case card, rendered from the stored case when its delivery is due (so a
/// delivery delayed by an outage shows the latest state), in the conversation the report came from.
/// </summary>
internal sealed class CaseCardSource(CaseRepository repository, CaseCards cards, ICaseStore store) : ILiveCardSource
{
    public const string CardKind = "case";

    public string Kind => CardKind;

    public async Task<LiveCardContent?> RenderAsync(string subjectId, CancellationToken cancellationToken)
    {
        if (await repository.GetAsync(subjectId, cancellationToken).ConfigureAwait(false) is not { } c)
        {
            return null;
        }

        return new LiveCardContent(c.State.Channel.Reference(), CaseCardPublisher.Message(cards.Render(c.Record, c.State)), CaseRepository.CardActivityOf(c.Record, c.State));
    }

    public Task CardSentAsync(string subjectId, SentCard sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
        return store.SetCardActivityAsync(subjectId, sent.ActivityId, cancellationToken);
    }
}
