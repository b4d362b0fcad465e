using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Protocol.Cards;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>Cards outside a case: help/welcome and the user's status.</summary>
internal static class InfoCards
{
    public static AdaptiveCard Help(bool welcome) => new()
    {
        MsTeams = TeamsCardProperties.FullWidth,
        FallbackText = "Tell me what's wrong, e.g. \"I'm getting a 502 on wiki.contoso.com\".",
        Body =
        [
            new TextBlock(welcome ? "Hi! I'm the help desk's troubleshooting bot." : "How I can help") { Weight = TextWeight.Bolder, Size = TextSize.Medium },
            new TextBlock("Tell me what's wrong in your own words. I check the site from our servers at once, tell you plainly what I see, walk you through only the steps that still matter, and open a ticket with all the evidence when it's not something you can fix.") { Spacing = Spacing.Small },
            new TextBlock("For example") { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
            new TextBlock("- I'm getting a 502 on wiki.contoso.com\n- Bad gateway when I open the HR portal\n- This site can't be reached: intranet.contoso.com\n- Every site gives me 504") { Spacing = Spacing.Small },
            new TextBlock("Commands") { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
            new FactSet(
            [
                new Fact("status", "your recent reports and tickets"),
                new Fact("start over", "drop the current check and begin again"),
                new Fact("cancel", "stop the current check"),
                new Fact("help", "this card"),
            ]),
        ],
    };

    /// <param name="progress">Where an open case stands in a few words ("step 2: Try another browser"), or null.</param>
    public static AdaptiveCard Status(IReadOnlyList<(CaseRecord Record, CaseState State)> cases, Func<CaseState, string?> progress)
    {
        var body = new List<CardElement> { new TextBlock("Your recent reports") { Weight = TextWeight.Bolder, Size = TextSize.Medium } };
        if (cases.Count == 0)
        {
            body.Add(new TextBlock("You have no reports yet. Tell me what's wrong and I'll look into it."));
        }

        foreach (var (record, state) in cases)
        {
            var status = state.TicketNumber is { } t ? $"{Describe(record.Status)} · ticket {CardText.Literal(t, 40)}" : Describe(record.Status);
            if (record.Status is CaseStatus.Open or CaseStatus.Escalated && progress(state) is { } where)
            {
                status += " · " + where;
            }

            body.Add(new Container(
            [
                new TextBlock(CardText.Literal(state.ServiceName ?? state.Target ?? "every site")) { Weight = TextWeight.Bolder },
                new TextBlock(status) { Spacing = Spacing.None },
                new TextBlock($"Last update {CardText.LocalDateTime(record.UpdatedAt)}") { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None },
            ]) { Separator = true, Spacing = Spacing.Medium });
        }

        return new AdaptiveCard { Body = body, MsTeams = TeamsCardProperties.FullWidth, FallbackText = "Your recent reports" };
    }

    private static string Describe(string status) => status switch
    {
        CaseStatus.Open => "In progress",
        CaseStatus.Resolved => "Resolved",
        CaseStatus.Escalated => "With the help desk",
        CaseStatus.Abandoned => "Closed (no answer)",
        CaseStatus.Cancelled => "Cancelled",
        _ => status,
    };
}
