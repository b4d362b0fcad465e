using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Protocol.Cards;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>Cards outside a case: help/welcome and the user's status.</summary>
internal static class InfoCards
{
    public static AdaptiveCard Help(UserTexts t, bool welcome) => new()
    {
        MsTeams = TeamsCardProperties.FullWidth,
        FallbackText = t.HelpFallback,
        Body =
        [
            new TextBlock(welcome ? t.HelpWelcomeTitle : t.HelpTitle) { Weight = TextWeight.Bolder, Size = TextSize.Medium },
            new TextBlock(t.HelpIntro) { Spacing = Spacing.Small },
            new TextBlock(t.HelpExamplesTitle) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
            new TextBlock(t.HelpExamples) { Spacing = Spacing.Small },
            new TextBlock(t.HelpCommandsTitle) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
            new FactSet(
            [
                new Fact(t.CommandStatus, t.CommandStatusMeaning),
                new Fact(t.CommandStartOver, t.CommandStartOverMeaning),
                new Fact(t.CommandCancel, t.CommandCancelMeaning),
                new Fact(t.CommandHelp, t.CommandHelpMeaning),
                new Fact(t.CommandLanguage, t.CommandLanguageMeaning),
            ]),
        ],
    };

    /// <param name="progress">Where an open case stands in a few words ("step 2: Try another browser"), or null.</param>
    public static AdaptiveCard Status(UserTexts t, IReadOnlyList<(CaseRecord Record, CaseState State)> cases, Func<CaseState, UserTexts, string?> progress)
    {
        var body = new List<CardElement> { new TextBlock(t.StatusTitle) { Weight = TextWeight.Bolder, Size = TextSize.Medium } };
        if (cases.Count == 0)
        {
            body.Add(new TextBlock(t.StatusEmpty));
        }

        foreach (var (record, state) in cases)
        {
            var status = state.TicketNumber is { } n ? t.StatusTicket(Describe(record.Status, t), CardText.Literal(n, 40)) : Describe(record.Status, t);
            if (record.Status is CaseStatus.Open or CaseStatus.Escalated && progress(state, t) is { } where)
            {
                status += " · " + where;
            }

            body.Add(new Container(
            [
                new TextBlock(CardText.Literal(state.ServiceName ?? state.Target ?? t.EverySite)) { Weight = TextWeight.Bolder },
                new TextBlock(status) { Spacing = Spacing.None },
                new TextBlock(t.StatusLastUpdate(CardText.LocalDateTime(record.UpdatedAt))) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None },
            ]) { Separator = true, Spacing = Spacing.Medium });
        }

        return new AdaptiveCard { Body = body, MsTeams = TeamsCardProperties.FullWidth, FallbackText = t.StatusTitle };
    }

    private static string Describe(CaseStatus status, UserTexts t) => status switch
    {
        CaseStatus.Open => t.CaseStatusOpen,
        CaseStatus.Resolved => t.CaseStatusResolved,
        CaseStatus.Escalated => t.CaseStatusEscalated,
        CaseStatus.Abandoned => t.CaseStatusAbandoned,
        CaseStatus.Cancelled => t.CaseStatusCancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
