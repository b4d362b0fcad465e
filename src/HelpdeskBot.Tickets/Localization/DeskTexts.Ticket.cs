namespace HelpdeskBot.Tickets.Localization;

/// <summary>The ticket body's headings, fact names, table columns and sentences.</summary>
public sealed partial class DeskTexts
{
    /// <summary>Heading.</summary>
    public string TicketWhatIsWrong => Get(nameof(TicketWhatIsWrong));

    /// <summary>Label before the user's report when its language is not known (rows stored before).</summary>
    public string TicketUserWrote => Get(nameof(TicketUserWrote));

    /// <summary>Label before the user's report, quoted as written; {0}: its language, named in this language.</summary>
    public string TicketUserWroteIn(string arg0) => Format(nameof(TicketUserWroteIn), arg0);

    /// <summary>Fact name: the language the user writes in.</summary>
    public string TicketUserLanguage => Get(nameof(TicketUserLanguage));

    /// <summary>Heading.</summary>
    public string TicketProbeEvidence => Get(nameof(TicketProbeEvidence));

    public string TicketNoProbeResult => Get(nameof(TicketNoProbeResult));

    /// <summary>Heading.</summary>
    public string TicketStepsTried => Get(nameof(TicketStepsTried));

    public string TicketNoSteps => Get(nameof(TicketNoSteps));

    /// <summary>Table column.</summary>
    public string TicketStep => Get(nameof(TicketStep));

    /// <summary>Table column: the user's answer.</summary>
    public string TicketAnswer => Get(nameof(TicketAnswer));

    /// <summary>Table column: when.</summary>
    public string TicketAt => Get(nameof(TicketAt));

    /// <summary>Fact name.</summary>
    public string TicketReported => Get(nameof(TicketReported));

    /// <summary>Fact name.</summary>
    public string TicketAffectedSoFar => Get(nameof(TicketAffectedSoFar));

    /// <summary>Fact name: the user's operating system.</summary>
    public string TicketPlatform => Get(nameof(TicketPlatform));

    /// <summary>Fact name.</summary>
    public string TicketProbeVerdict => Get(nameof(TicketProbeVerdict));

    /// <summary>Fact name.</summary>
    public string TicketTeamsConversation => Get(nameof(TicketTeamsConversation));

    /// <summary>Link text.</summary>
    public string TicketOpenInTeams => Get(nameof(TicketOpenInTeams));

    /// <summary>Label before another reporter's name, on the comment of the open ticket.</summary>
    public string TicketAlsoAffected => Get(nameof(TicketAlsoAffected));

    /// <summary>Label: the escalation id the agent searches the bot's logs by.</summary>
    public string TicketCorrelationId => Get(nameof(TicketCorrelationId));

    /// <summary>Word before the case id: 'Correlation id: esc-1 (case c-1)'.</summary>
    public string TicketCase => Get(nameof(TicketCase));

    /// <summary>Word before the trace id.</summary>
    public string TicketTraceId => Get(nameof(TicketTraceId));

    /// <summary>Why the bot escalated.</summary>
    public string ReasonServerSideFault => Get(nameof(ReasonServerSideFault));

    /// <summary>Why the bot escalated.</summary>
    public string ReasonStepsExhausted => Get(nameof(ReasonStepsExhausted));

    /// <summary>Why the bot escalated.</summary>
    public string ReasonUserRequested => Get(nameof(ReasonUserRequested));

    /// <summary>{0}: the site. No server-side check result.</summary>
    public string TicketNotProbed(string arg0) => Format(nameof(TicketNotProbed), arg0);

    /// <summary>Fact name: the site.</summary>
    public string TicketTarget => Get(nameof(TicketTarget));

    /// <summary>Fact name.</summary>
    public string TicketReportedBy => Get(nameof(TicketReportedBy));

    /// <summary>Fact name.</summary>
    public string TicketEntraObjectId => Get(nameof(TicketEntraObjectId));

    /// <summary>Fact name.</summary>
    public string TicketTenant => Get(nameof(TicketTenant));

    /// <summary>Fact name.</summary>
    public string TicketStarted => Get(nameof(TicketStarted));

    /// <summary>Fact name.</summary>
    public string TicketEscalated => Get(nameof(TicketEscalated));

    /// <summary>Fact name.</summary>
    public string TicketUrgencyImpact => Get(nameof(TicketUrgencyImpact));

    /// <summary>Fact name.</summary>
    public string TicketCategory => Get(nameof(TicketCategory));

    /// <summary>Fact name.</summary>
    public string TicketService => Get(nameof(TicketService));

    /// <summary>Fact name.</summary>
    public string TicketOwningTeam => Get(nameof(TicketOwningTeam));

    /// <summary>Fact name.</summary>
    public string TicketAssignmentGroup => Get(nameof(TicketAssignmentGroup));

    /// <summary>Label.</summary>
    public string TicketVerdict => Get(nameof(TicketVerdict));

    /// <summary>{0}: verdict name; {1}: confidence; {2} of {3}: HTTP attempts failed.</summary>
    public string TicketVerdictSummary(string arg0, string arg1, string arg2, string arg3) => Format(nameof(TicketVerdictSummary), arg0, arg1, arg2, arg3);

    /// <summary>{0}: the hop's role. The hop only the user's report named.</summary>
    public string TicketHopNamedByReport(string arg0) => Format(nameof(TicketHopNamedByReport), arg0);

    /// <summary>{0}: the hop's role.</summary>
    public string TicketHopNotInCatalogue(string arg0) => Format(nameof(TicketHopNotInCatalogue), arg0);

    /// <summary>{0}: the hop; {1}: its role; {2}: what the error means; {3}: the evidence (headers).</summary>
    public string TicketAnsweredBy(string arg0, string arg1, string arg2, string arg3) => Format(nameof(TicketAnsweredBy), arg0, arg1, arg2, arg3);

    /// <summary>{0}: the hops.</summary>
    public string TicketHops(string arg0) => Format(nameof(TicketHops), arg0);

    /// <summary>{0}: HTTP/2 or HTTP/1.1.</summary>
    public string TicketProtocol(string arg0) => Format(nameof(TicketProtocol), arg0);

    /// <summary>{0}: time; {1}: duration; {2}: scheme://host:port.</summary>
    public string TicketProbedAt(string arg0, string arg1, string arg2) => Format(nameof(TicketProbedAt), arg0, arg1, arg2);

    /// <summary>Heading.</summary>
    public string TicketDnsDisagree => Get(nameof(TicketDnsDisagree));

    /// <summary>Table column.</summary>
    public string TicketResolver => Get(nameof(TicketResolver));

    /// <summary>Table column.</summary>
    public string TicketOutcome => Get(nameof(TicketOutcome));

    /// <summary>Table column.</summary>
    public string TicketAddresses => Get(nameof(TicketAddresses));

    /// <summary>Table column.</summary>
    public string TicketCnameChain => Get(nameof(TicketCnameChain));

    /// <summary>Table column: how long.</summary>
    public string TicketTime => Get(nameof(TicketTime));

    /// <summary>Table column.</summary>
    public string TicketAddress => Get(nameof(TicketAddress));

    /// <summary>Table column.</summary>
    public string TicketPort => Get(nameof(TicketPort));

    /// <summary>Fact name.</summary>
    public string TicketHandshake => Get(nameof(TicketHandshake));

    /// <summary>{0}: TLS version; {1}: duration.</summary>
    public string TicketHandshakeOk(string arg0, string arg1) => Format(nameof(TicketHandshakeOk), arg0, arg1);

    /// <summary>{0}: the error.</summary>
    public string TicketHandshakeFailed(string arg0) => Format(nameof(TicketHandshakeFailed), arg0);

    /// <summary>Fact name: certificate subject.</summary>
    public string TicketSubject => Get(nameof(TicketSubject));

    /// <summary>Fact name: certificate issuer.</summary>
    public string TicketIssuer => Get(nameof(TicketIssuer));

    /// <summary>Fact name.</summary>
    public string TicketExpires => Get(nameof(TicketExpires));

    /// <summary>Fact name.</summary>
    public string TicketNameMismatch => Get(nameof(TicketNameMismatch));

    public string TicketNameMismatchMeaning => Get(nameof(TicketNameMismatchMeaning));

    /// <summary>Fact name.</summary>
    public string TicketChainErrors => Get(nameof(TicketChainErrors));

    /// <summary>Heading.</summary>
    public string TicketHttpAttempts => Get(nameof(TicketHttpAttempts));

    /// <summary>Table column: direct or through the proxy.</summary>
    public string TicketVia => Get(nameof(TicketVia));

    /// <summary>Column: HTTP/2 or HTTP/1.1.</summary>
    public string TicketProtocolColumn => Get(nameof(TicketProtocolColumn));

    /// <summary>The row of the one extra request over HTTP/1.1 made beside the attempts, not one of them.</summary>
    public string TicketProtocolCheck => Get(nameof(TicketProtocolCheck));

    /// <summary>Table column.</summary>
    public string TicketResult => Get(nameof(TicketResult));

    /// <summary>Table column.</summary>
    public string TicketAnsweredByColumn => Get(nameof(TicketAnsweredByColumn));

    /// <summary>Table column: TCP connect time.</summary>
    public string TicketConnect => Get(nameof(TicketConnect));

    /// <summary>Table column.</summary>
    public string TicketFirstByte => Get(nameof(TicketFirstByte));

    /// <summary>Table column.</summary>
    public string TicketTotal => Get(nameof(TicketTotal));

    /// <summary>Table column.</summary>
    public string TicketHopHeaders => Get(nameof(TicketHopHeaders));

    /// <summary>Label.</summary>
    public string TicketDirectVsProxy => Get(nameof(TicketDirectVsProxy));

    /// <summary>{0}/{1}: direct attempts failed/total; {2}/{3}: through the proxy.</summary>
    public string TicketDirectVsProxyCounts(string arg0, string arg1, string arg2, string arg3) => Format(nameof(TicketDirectVsProxyCounts), arg0, arg1, arg2, arg3);

    /// <summary>Label: the reference sites checked to tell whether the bot's own network works.</summary>
    public string TicketControlProbes => Get(nameof(TicketControlProbes));

    /// <summary>{0} of {1}: reference sites.</summary>
    public string TicketControlReachable(string arg0, string arg1) => Format(nameof(TicketControlReachable), arg0, arg1);

    /// <summary>{0} of {1}: reference sites; {2}: those that failed.</summary>
    public string TicketControlReachableFailed(string arg0, string arg1, string arg2) => Format(nameof(TicketControlReachableFailed), arg0, arg1, arg2);

    /// <summary>Heading.</summary>
    public string TicketFindings => Get(nameof(TicketFindings));

    /// <summary>Finding severity.</summary>
    public string SeverityError => Get(nameof(SeverityError));

    /// <summary>Finding severity.</summary>
    public string SeverityWarning => Get(nameof(SeverityWarning));

    /// <summary>Finding severity.</summary>
    public string SeverityInfo => Get(nameof(SeverityInfo));

    /// <summary>An HTTP attempt without any answer.</summary>
    public string NoAnswer => Get(nameof(NoAnswer));

    /// <summary>A verdict without an HTTP status.</summary>
    public string NoStatus => Get(nameof(NoStatus));

    /// <summary>Ticket title when there is no HTTP status.</summary>
    public string TitleSiteProblem => Get(nameof(TitleSiteProblem));

    /// <summary>Ticket title: {0}: the problem ('502 Bad Gateway'); {1}: the host.</summary>
    public string TitleOn(string arg0, string arg1) => Format(nameof(TitleOn), arg0, arg1);

    /// <summary>The target of a report about every site the user opens (their own network).</summary>
    public string TargetEverySite => Get(nameof(TargetEverySite));
}
