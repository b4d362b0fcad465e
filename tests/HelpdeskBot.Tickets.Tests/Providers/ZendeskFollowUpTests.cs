using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tickets.Tests.Providers;

/// <summary>A note on a closed Zendesk ticket opens a follow-up ticket of its own, once, across a stop.</summary>
public sealed class ZendeskFollowUpTests
{
    private static TicketComment Note(string text, string? key = null) =>
        new("Megan Bowen", new TicketDocument([new DocParagraph(new DocText(text))]), null, key);

    /// <summary>
    /// Creates the escalation's ticket, closes it, and adds <paramref name="note"/> (which opens the follow-up) through a
    /// provider that then stops, before anything stores the follow-up's number.
    /// </summary>
    private static async Task<(TicketRef Closed, TicketRef FollowUp)> FollowUpBeforeAStopAsync(FakeZendesk zendesk, EscalationRequest request, TicketComment note)
    {
        await using var first = ProviderServices.Build(zendesk, TimeProvider.System);
        var provider = first.GetRequiredService<ITicketProvider>();
        var closed = await provider.CreateAsync(new TicketDraft(request, TicketTitle.Build(request, 1, DeskTexts.English), TicketDocumentBuilder.Build(request, DeskTexts.English)), CancellationToken.None);
        zendesk.AgentSetsStatus(closed.Number, "closed");
        return (closed, await provider.AddNoteAsync(closed, note, CancellationToken.None));
    }

    private static int Times(FakeTicket ticket, string text) =>
        (ticket.Body.Contains(text, StringComparison.Ordinal) ? 1 : 0) + ticket.Comments.Count(c => c.Contains(text, StringComparison.Ordinal));

    [Fact]
    public async Task The_same_keyed_note_sent_again_after_a_stop_is_on_the_follow_up_once_and_a_new_note_is_added()
    {
        await using var zendesk = await FakeTicketSystem.StartAsync<FakeZendesk>();
        var (closed, followUp) = await FollowUpBeforeAStopAsync(zendesk, TestEscalations.Create("esc-follow-up-2"), Note("Upstream pool drained again", "inc-1:note-1:aa"));

        // Restarted before the follow-up's number (and the note count) was stored: the agent sends the same note again.
        await using (var second = ProviderServices.Build(zendesk, TimeProvider.System))
        {
            var provider = second.GetRequiredService<ITicketProvider>();
            Assert.Equal(followUp.Number, (await provider.AddNoteAsync(closed, Note("Upstream pool drained again", "inc-1:note-1:aa"), CancellationToken.None)).Number);
            Assert.Equal(followUp.Number, (await provider.AddNoteAsync(closed, Note("Pool restarted", "inc-1:note-1:bb"), CancellationToken.None)).Number);
        }

        Assert.Equal(1, Times(zendesk.Tickets[followUp.Number], "Upstream pool drained again"));
        Assert.Equal(1, Times(zendesk.Tickets[followUp.Number], "Pool restarted"));
        Assert.Empty(zendesk.Violations);
    }

    [Fact]
    public async Task A_stop_between_opening_the_follow_up_and_storing_its_number_opens_no_second_one_after_the_restart()
    {
        await using var zendesk = await FakeTicketSystem.StartAsync<FakeZendesk>();
        var request = TestEscalations.Create("esc-follow-up-1");
        // The follow-up is opened; the process stops before the incident stores its number.
        var (closed, followUp) = await FollowUpBeforeAStopAsync(zendesk, request, Note("Upstream pool drained again"));

        Assert.NotEqual(closed.Number, followUp.Number);
        Assert.Equal(closed.Number, zendesk.Tickets[followUp.Number].FollowUpOf);
        // Its own external_id: the escalation's lookup still finds the escalation's ticket, and only it.
        Assert.NotEqual(request.EscalationId, followUp.ExternalId);
        Assert.Single(zendesk.Tickets.Values, t => t.CorrelationId == request.EscalationId);

        // Restarted, the incident still names the closed ticket: the agent's next note finds the follow-up opened before.
        await using (var second = ProviderServices.Build(zendesk, TimeProvider.System))
        {
            var provider = second.GetRequiredService<ITicketProvider>();
            var again = await provider.AddNoteAsync(closed, Note("Pool restarted"), CancellationToken.None);
            Assert.Equal(followUp.Number, again.Number);
            Assert.Equal(closed.Number, (await provider.FindByCorrelationIdAsync(request.EscalationId, CancellationToken.None))?.Number);
        }

        Assert.Equal(2, zendesk.Tickets.Count);
        Assert.Contains(zendesk.Tickets[followUp.Number].Comments, c => c.Contains("Pool restarted", StringComparison.Ordinal));
        Assert.Empty(zendesk.Violations);
    }
}
