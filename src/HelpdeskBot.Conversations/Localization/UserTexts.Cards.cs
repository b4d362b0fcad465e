namespace HelpdeskBot.Conversations.Localization;

/// <summary>The reporter's cards, replies and notifications.</summary>
internal sealed partial class UserTexts
{
    /// <summary>Notification text of the help card.</summary>
    public string HelpFallback => Get(nameof(HelpFallback));

    /// <summary>Title of the card when the bot is installed.</summary>
    public string HelpWelcomeTitle => Get(nameof(HelpWelcomeTitle));

    /// <summary>Title of the help card.</summary>
    public string HelpTitle => Get(nameof(HelpTitle));

    public string HelpIntro => Get(nameof(HelpIntro));

    public string HelpExamplesTitle => Get(nameof(HelpExamplesTitle));

    /// <summary>Markdown list; every line must be understood as a report (tested).</summary>
    public string HelpExamples => Get(nameof(HelpExamples));

    public string HelpCommandsTitle => Get(nameof(HelpCommandsTitle));

    /// <summary>A command word the parser understands in this language.</summary>
    public string CommandStatus => Get(nameof(CommandStatus));

    public string CommandStatusMeaning => Get(nameof(CommandStatusMeaning));

    /// <summary>A command the parser understands in this language.</summary>
    public string CommandStartOver => Get(nameof(CommandStartOver));

    public string CommandStartOverMeaning => Get(nameof(CommandStartOverMeaning));

    /// <summary>A command word the parser understands in this language.</summary>
    public string CommandCancel => Get(nameof(CommandCancel));

    public string CommandCancelMeaning => Get(nameof(CommandCancelMeaning));

    /// <summary>A command word the parser understands in this language.</summary>
    public string CommandHelp => Get(nameof(CommandHelp));

    public string CommandHelpMeaning => Get(nameof(CommandHelpMeaning));

    /// <summary>A command word the parser understands in this language.</summary>
    public string CommandLanguage => Get(nameof(CommandLanguage));

    public string CommandLanguageMeaning => Get(nameof(CommandLanguageMeaning));

    public string StatusTitle => Get(nameof(StatusTitle));

    public string StatusEmpty => Get(nameof(StatusEmpty));

    /// <summary>{0}: the case's status; {1}: the ticket number.</summary>
    public string StatusTicket(string arg0, string arg1) => Format(nameof(StatusTicket), arg0, arg1);

    /// <summary>{0}: date and time (formatted by Teams).</summary>
    public string StatusLastUpdate(string arg0) => Format(nameof(StatusLastUpdate), arg0);

    public string CaseStatusOpen => Get(nameof(CaseStatusOpen));

    public string CaseStatusResolved => Get(nameof(CaseStatusResolved));

    public string CaseStatusEscalated => Get(nameof(CaseStatusEscalated));

    public string CaseStatusAbandoned => Get(nameof(CaseStatusAbandoned));

    public string CaseStatusCancelled => Get(nameof(CaseStatusCancelled));

    /// <summary>Stands where a site's name would.</summary>
    public string EverySite => Get(nameof(EverySite));

    /// <summary>{0}: the status code (502).</summary>
    public string WhichSiteWithCode(string arg0) => Format(nameof(WhichSiteWithCode), arg0);

    public string WhichSite => Get(nameof(WhichSite));

    public string TargetLabel => Get(nameof(TargetLabel));

    public string TargetPlaceholder => Get(nameof(TargetPlaceholder));

    public string TargetError => Get(nameof(TargetError));

    /// <summary>Button.</summary>
    public string CheckIt => Get(nameof(CheckIt));

    /// <summary>Button.</summary>
    public string Cancel => Get(nameof(Cancel));

    public string LookingAtConnection => Get(nameof(LookingAtConnection));

    /// <summary>{0}: the site.</summary>
    public string CheckingTarget(string arg0) => Format(nameof(CheckingTarget), arg0);

    public string CheckingDetail => Get(nameof(CheckingDetail));

    public string GladItWorks => Get(nameof(GladItWorks));

    public string DidThisHelp => Get(nameof(DidThisHelp));

    /// <summary>Button.</summary>
    public string RateHelpful => Get(nameof(RateHelpful));

    /// <summary>Button.</summary>
    public string RateSoSo => Get(nameof(RateSoSo));

    /// <summary>Button.</summary>
    public string RateNotHelpful => Get(nameof(RateNotHelpful));

    public string ThanksFeedback => Get(nameof(ThanksFeedback));

    /// <summary>{0}: how long the bot waited ("30 minutes").</summary>
    public string ClosedAfter(string arg0) => Format(nameof(ClosedAfter), arg0);

    /// <summary>{0}: step number; {1}: step title.</summary>
    public string YouWereOnStep(string arg0, string arg1) => Format(nameof(YouWereOnStep), arg0, arg1);

    public string ResumeChecksAgain => Get(nameof(ResumeChecksAgain));

    public string ResumePicksUp => Get(nameof(ResumePicksUp));

    /// <summary>Button.</summary>
    public string Resume => Get(nameof(Resume));

    /// <summary>Card and reply after "cancel".</summary>
    public string Cancelled => Get(nameof(Cancelled));

    /// <summary>Button (hidden, refreshes the card).</summary>
    public string Refresh => Get(nameof(Refresh));

    /// <summary>Card title when the kind of problem is not known yet.</summary>
    public string ProblemReport => Get(nameof(ProblemReport));

    public string SiteNotNamed => Get(nameof(SiteNotNamed));

    /// <summary>{0}: date and time (formatted by Teams); {1}: who reported.</summary>
    public string ReportedBy(string arg0, string arg1) => Format(nameof(ReportedBy), arg0, arg1);

    public string AllSitesHeadline => Get(nameof(AllSitesHeadline));

    public string AllSitesNext => Get(nameof(AllSitesNext));

    /// <summary>{0}: step number; {1}: step title.</summary>
    public string StepHeading(string arg0, string arg1) => Format(nameof(StepHeading), arg0, arg1);

    public string PickYourSystem => Get(nameof(PickYourSystem));

    /// <summary>{0}: Windows, macOS, …</summary>
    public string InstructionsFor(string arg0) => Format(nameof(InstructionsFor), arg0);

    public string YourSystem => Get(nameof(YourSystem));

    public string ChooseYourSystem => Get(nameof(ChooseYourSystem));

    /// <summary>Button.</summary>
    public string ShowInstructions => Get(nameof(ShowInstructions));

    /// <summary>Button.</summary>
    public string CheckAgain => Get(nameof(CheckAgain));

    /// <summary>Button.</summary>
    public string EscalateNow => Get(nameof(EscalateNow));

    /// <summary>{0}: date and time (formatted by Teams).</summary>
    public string FixedVerified(string arg0) => Format(nameof(FixedVerified), arg0);

    /// <summary>{0}: date and time (formatted by Teams).</summary>
    public string FixedMarked(string arg0) => Format(nameof(FixedMarked), arg0);

    public string StillFailingPrompt => Get(nameof(StillFailingPrompt));

    /// <summary>Button.</summary>
    public string StillBroken => Get(nameof(StillBroken));

    /// <summary>Default answer of a runbook step (the instructions name it in bold).</summary>
    public string AnswerFixed => Get(nameof(AnswerFixed));

    /// <summary>Default answer of a runbook step (the instructions name it in bold).</summary>
    public string AnswerStillBroken => Get(nameof(AnswerStillBroken));

    /// <summary>Default answer of a runbook step (the instructions name it in bold).</summary>
    public string AnswerCannot => Get(nameof(AnswerCannot));

    public string StillBrokenThanks => Get(nameof(StillBrokenThanks));

    /// <summary>"Still broken" when the incident has no help-desk channel: nobody is notified, and the text says so.</summary>
    public string StillBrokenNoChannel => Get(nameof(StillBrokenNoChannel));

    public string FixReopened => Get(nameof(FixReopened));

    public string EscalatedServerSide => Get(nameof(EscalatedServerSide));

    public string EscalatedWithSteps => Get(nameof(EscalatedWithSteps));

    /// <summary>{0}: a count.</summary>
    public string PeopleAffected(long count) => Plural(count, "PeopleAffected_One", "PeopleAffected_Other");

    /// <summary>{0}: ticket number.</summary>
    public string TicketCreated(string arg0) => Format(nameof(TicketCreated), arg0);

    /// <summary>Button; {0}: ticket number.</summary>
    public string OpenTicket(string arg0) => Format(nameof(OpenTicket), arg0);

    /// <summary>Only shown when the help-desk channel really got the notice.</summary>
    public string ParkedAnnounced => Get(nameof(ParkedAnnounced));

    public string ParkedSaved => Get(nameof(ParkedSaved));

    public string TicketQueued => Get(nameof(TicketQueued));

    /// <summary>Button on a case our check found healthy but escalated anyway.</summary>
    public string FollowFixButton => Get(nameof(FollowFixButton));

    public string FollowingFix => Get(nameof(FollowingFix));

    public string NothingToFollow => Get(nameof(NothingToFollow));

    /// <summary>Short state in the status list.</summary>
    public string ProgressAwaitingTarget => Get(nameof(ProgressAwaitingTarget));

    /// <summary>Short state in the status list.</summary>
    public string ProgressDiagnosing => Get(nameof(ProgressDiagnosing));

    /// <summary>{0}: step number; {1}: step title.</summary>
    public string ProgressStep(string arg0, string arg1) => Format(nameof(ProgressStep), arg0, arg1);

    public string ProgressTicketQueued => Get(nameof(ProgressTicketQueued));

    public string ProgressParked => Get(nameof(ProgressParked));

    /// <summary>Notification text.</summary>
    public string FallbackAwaitingTarget => Get(nameof(FallbackAwaitingTarget));

    /// <summary>Notification text.</summary>
    public string FallbackFixed => Get(nameof(FallbackFixed));

    /// <summary>Notification text: resolved by the help desk without our servers seeing it work.</summary>
    public string FallbackMarkedFixed => Get(nameof(FallbackMarkedFixed));

    /// <summary>Notification text.</summary>
    public string FallbackQueued => Get(nameof(FallbackQueued));

    /// <summary>Notification text.</summary>
    public string FallbackAbandoned => Get(nameof(FallbackAbandoned));

    /// <summary>Notification text.</summary>
    public string FallbackCancelled => Get(nameof(FallbackCancelled));

    /// <summary>Notification text.</summary>
    public string FallbackDefault => Get(nameof(FallbackDefault));

    /// <summary>{0}: a count.</summary>
    public string Days(long count) => Plural(count, "Days_One", "Days_Other");

    /// <summary>{0}: a count.</summary>
    public string Hours(long count) => Plural(count, "Hours_One", "Hours_Other");

    /// <summary>{0}: a count.</summary>
    public string Minutes(long count) => Plural(count, "Minutes_One", "Minutes_Other");

    public string ReplyStartOver => Get(nameof(ReplyStartOver));

    public string ReplyNothingToCancel => Get(nameof(ReplyNothingToCancel));

    /// <summary>Markdown.</summary>
    public string ReplySmallTalk => Get(nameof(ReplySmallTalk));

    /// <summary>Markdown.</summary>
    public string ReplyNotUnderstood => Get(nameof(ReplyNotUnderstood));

    /// <summary>The report could not be saved; nothing was started.</summary>
    public string ReplyNotStored => Get(nameof(ReplyNotStored));

    public string ReplyCaseNotFound => Get(nameof(ReplyCaseNotFound));

    /// <summary>{0}: the reporter's name.</summary>
    public string ReplyNotOwner(string arg0) => Format(nameof(ReplyNotOwner), arg0);

    public string ReplyDone => Get(nameof(ReplyDone));

    /// <summary>{0}: the site; {1}: " (ticket …)" or nothing.</summary>
    public string FixedMessageVerified(string arg0, string arg1) => Format(nameof(FixedMessageVerified), arg0, arg1);

    /// <summary>{0}: the site; {1}: " (ticket …)" or nothing.</summary>
    public string FixedMessageMarked(string arg0, string arg1) => Format(nameof(FixedMessageMarked), arg0, arg1);

    /// <summary>{0}: ticket number; appended to the site's name.</summary>
    public string FixedMessageTicket(string arg0) => Format(nameof(FixedMessageTicket), arg0);
}
