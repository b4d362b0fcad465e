using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Conversations.Localization;

/// <summary>The diagnosis in the reporter's words, the evidence section and what a status code means.</summary>
internal sealed partial class UserTexts
{
    /// <summary>{0} of {1}: counts.</summary>
    public string VerdictRequests(string arg0, string arg1) => Format(nameof(VerdictRequests), arg0, arg1);

    /// <summary>{0}: the site.</summary>
    public string VerdictHealthy(string arg0) => Format(nameof(VerdictHealthy), arg0);

    /// <summary>{0}: status; {1}: the hop; {2}: the site; {3}: what the error means; {4}: the hop chain sentence or nothing.</summary>
    public string VerdictUpstreamFailing(string arg0, string arg1, string arg2, string arg3, string arg4) => Format(nameof(VerdictUpstreamFailing), arg0, arg1, arg2, arg3, arg4);

    /// <summary>As VerdictUpstreamFailing, the hop failed by itself.</summary>
    public string VerdictGatewayFault(string arg0, string arg1, string arg2, string arg3, string arg4) => Format(nameof(VerdictGatewayFault), arg0, arg1, arg2, arg3, arg4);

    /// <summary>{0}: the site; {1}: status; {2}: the server; {3}: meaning; {4}: chain or nothing.</summary>
    public string VerdictOriginErrorHop(string arg0, string arg1, string arg2, string arg3, string arg4) => Format(nameof(VerdictOriginErrorHop), arg0, arg1, arg2, arg3, arg4);

    /// <summary>{0}: the site; {1}: technical detail.</summary>
    public string VerdictOriginNoAnswer(string arg0, string arg1) => Format(nameof(VerdictOriginNoAnswer), arg0, arg1);

    /// <summary>{0}: the site; {1}: status.</summary>
    public string VerdictServerError(string arg0, string arg1) => Format(nameof(VerdictServerError), arg0, arg1);

    /// <summary>{0}: the site; {1}: connection outcomes.</summary>
    public string VerdictUnreachable(string arg0, string arg1) => Format(nameof(VerdictUnreachable), arg0, arg1);

    /// <summary>{0}: the site.</summary>
    public string VerdictResolversDisagree(string arg0) => Format(nameof(VerdictResolversDisagree), arg0);

    /// <summary>{0}: the site; {1}: "n of m requests"; {2}: status or detail; {3}: " from &lt;hop&gt;" or nothing.</summary>
    public string VerdictIntermittent(string arg0, string arg1, string arg2, string arg3) => Format(nameof(VerdictIntermittent), arg0, arg1, arg2, arg3);

    /// <summary>{0}: the hop; appended to a status.</summary>
    public string VerdictFromHop(string arg0) => Format(nameof(VerdictFromHop), arg0);

    /// <summary>{0}: the site; {1}: "n of m requests".</summary>
    public string VerdictProxy(string arg0, string arg1) => Format(nameof(VerdictProxy), arg0, arg1);

    /// <summary>{0} of {1}: counts; {2}: the site.</summary>
    public string VerdictBotNetwork(string arg0, string arg1, string arg2) => Format(nameof(VerdictBotNetwork), arg0, arg1, arg2);

    /// <summary>A verdict kind's short name ("the site can't be reached"), for the evidence section and <see cref="VerdictOther"/>.</summary>
    public string VerdictName(VerdictKind kind) => Get("VerdictName_" + kind);

    /// <summary>Followed by the reason, as the probes give it.</summary>
    public string VerdictRefused => Get(nameof(VerdictRefused));

    /// <summary>{0}: the site; {1}: the verdict's name.</summary>
    public string VerdictOther(string arg0, string arg1) => Format(nameof(VerdictOther), arg0, arg1);

    /// <summary>{0}: failing protocol; {1}: its result; {2}: working protocol.</summary>
    public string VerdictProtocolSplit(string arg0, string arg1, string arg2) => Format(nameof(VerdictProtocolSplit), arg0, arg1, arg2);

    /// <summary>{0}: the site.</summary>
    public string DnsNxdomain(string arg0) => Format(nameof(DnsNxdomain), arg0);

    /// <summary>{0}: the site.</summary>
    public string DnsNodata(string arg0) => Format(nameof(DnsNodata), arg0);

    /// <summary>{0}: the site.</summary>
    public string DnsServfail(string arg0) => Format(nameof(DnsServfail), arg0);

    /// <summary>{0}: the site.</summary>
    public string DnsOther(string arg0) => Format(nameof(DnsOther), arg0);

    /// <summary>{0}: the site; {1}: how long ago ("3 days").</summary>
    public string TlsExpired(string arg0, string arg1) => Format(nameof(TlsExpired), arg0, arg1);

    /// <summary>{0}: the site; {1}: names on the certificate.</summary>
    public string TlsNameMismatch(string arg0, string arg1) => Format(nameof(TlsNameMismatch), arg0, arg1);

    /// <summary>{0}: the site; {1}: chain errors.</summary>
    public string TlsUntrusted(string arg0, string arg1) => Format(nameof(TlsUntrusted), arg0, arg1);

    /// <summary>{0}: the site; {1}: technical detail.</summary>
    public string TlsOther(string arg0, string arg1) => Format(nameof(TlsOther), arg0, arg1);

    /// <summary>{0}: hop count; {1}: the hops; {2}: which hop.</summary>
    public string VerdictChain(string arg0, string arg1, string arg2) => Format(nameof(VerdictChain), arg0, arg1, arg2);

    public string NoStatus => Get(nameof(NoStatus));

    public string NoAnswer => Get(nameof(NoAnswer));

    /// <summary>{0}: the site.</summary>
    public string EvidenceHealthy(string arg0) => Format(nameof(EvidenceHealthy), arg0);

    /// <summary>{0}: the site.</summary>
    public string EvidenceRefused(string arg0) => Format(nameof(EvidenceRefused), arg0);

    public string EvidenceNotYou => Get(nameof(EvidenceNotYou));

    /// <summary>Headline of the diagnosis on a fixed case's card: what was seen then, not the present state.</summary>
    public string EvidenceAsReported => Get(nameof(EvidenceAsReported));

    /// <summary>{0}: the site.</summary>
    public string EvidenceSeen(string arg0) => Format(nameof(EvidenceSeen), arg0);

    public string NoHttpAnswer => Get(nameof(NoHttpAnswer));

    /// <summary>{0} of {1}: counts; {2}: status.</summary>
    public string RequestsSucceeded(string arg0, string arg1, string arg2) => Format(nameof(RequestsSucceeded), arg0, arg1, arg2);

    /// <summary>{0} of {1}: counts; {2}: status.</summary>
    public string RequestsFailed(string arg0, string arg1, string arg2) => Format(nameof(RequestsFailed), arg0, arg1, arg2);

    /// <summary>{0}: date and time (formatted by Teams).</summary>
    public string CheckedAt(string arg0) => Format(nameof(CheckedAt), arg0);

    /// <summary>Button.</summary>
    public string ShowEvidence => Get(nameof(ShowEvidence));

    public string EvidenceTarget => Get(nameof(EvidenceTarget));

    public string EvidenceChecked => Get(nameof(EvidenceChecked));

    public string EvidenceVerdict => Get(nameof(EvidenceVerdict));

    /// <summary>{0}: the verdict's name; {1}: 0.00 to 1.00.</summary>
    public string EvidenceConfidence(string arg0, string arg1) => Format(nameof(EvidenceConfidence), arg0, arg1);

    public string EvidenceAnsweredBy => Get(nameof(EvidenceAnsweredBy));

    public string EvidenceHops => Get(nameof(EvidenceHops));

    public string EvidenceProtocol => Get(nameof(EvidenceProtocol));

    public string EvidenceConnection => Get(nameof(EvidenceConnection));

    public string EvidenceHttpRequests => Get(nameof(EvidenceHttpRequests));

    public string EvidenceHandshake => Get(nameof(EvidenceHandshake));

    public string EvidenceCertificate => Get(nameof(EvidenceCertificate));

    /// <summary>{0}: subject; {1}: date.</summary>
    public string EvidenceExpires(string arg0, string arg1) => Format(nameof(EvidenceExpires), arg0, arg1);

    public string EvidenceNameMismatch => Get(nameof(EvidenceNameMismatch));

    public string EvidenceFailed => Get(nameof(EvidenceFailed));

    /// <summary>{0}: status; {1}: duration.</summary>
    public string EvidenceAttempt(string arg0, string arg1) => Format(nameof(EvidenceAttempt), arg0, arg1);

    /// <summary>The one extra request over HTTP/1.1 made beside the attempts, not one of them.</summary>
    public string EvidenceProtocolCheck => Get(nameof(EvidenceProtocolCheck));

    public string WhichSiteShowsIt => Get(nameof(WhichSiteShowsIt));

    /// <summary>Markdown.</summary>
    public string Meaning500 => Get(nameof(Meaning500));

    /// <summary>Markdown.</summary>
    public string Meaning501 => Get(nameof(Meaning501));

    /// <summary>Markdown.</summary>
    public string Meaning502 => Get(nameof(Meaning502));

    /// <summary>Markdown.</summary>
    public string Meaning503 => Get(nameof(Meaning503));

    /// <summary>Markdown.</summary>
    public string Meaning504 => Get(nameof(Meaning504));

    /// <summary>Markdown.</summary>
    public string Meaning505 => Get(nameof(Meaning505));

    /// <summary>Markdown.</summary>
    public string Meaning507 => Get(nameof(Meaning507));

    /// <summary>Markdown.</summary>
    public string Meaning508 => Get(nameof(Meaning508));

    /// <summary>Markdown.</summary>
    public string Meaning511 => Get(nameof(Meaning511));

    /// <summary>Markdown.</summary>
    public string Meaning520 => Get(nameof(Meaning520));

    /// <summary>Markdown.</summary>
    public string Meaning521 => Get(nameof(Meaning521));

    /// <summary>Markdown.</summary>
    public string Meaning522 => Get(nameof(Meaning522));

    /// <summary>Markdown.</summary>
    public string Meaning523 => Get(nameof(Meaning523));

    /// <summary>Markdown.</summary>
    public string Meaning524 => Get(nameof(Meaning524));

    /// <summary>Markdown; {0}: 525 or 526.</summary>
    public string MeaningCloudflareTls(string arg0) => Format(nameof(MeaningCloudflareTls), arg0);

    /// <summary>Markdown.</summary>
    public string Meaning529 => Get(nameof(Meaning529));

    /// <summary>Markdown.</summary>
    public string Meaning400 => Get(nameof(Meaning400));

    /// <summary>Markdown.</summary>
    public string Meaning401 => Get(nameof(Meaning401));

    /// <summary>Markdown.</summary>
    public string Meaning403 => Get(nameof(Meaning403));

    /// <summary>Markdown.</summary>
    public string Meaning404 => Get(nameof(Meaning404));

    /// <summary>Markdown.</summary>
    public string Meaning408 => Get(nameof(Meaning408));

    /// <summary>Markdown.</summary>
    public string Meaning429 => Get(nameof(Meaning429));

    /// <summary>Markdown; {0}: a 5xx code.</summary>
    public string MeaningServerError(string arg0) => Format(nameof(MeaningServerError), arg0);

    /// <summary>Markdown; {0}: a 4xx code.</summary>
    public string MeaningClientError(string arg0) => Format(nameof(MeaningClientError), arg0);

    /// <summary>The target of a report about every site (the user's own network), in a message about it.</summary>
    public string TargetEverySite => Get(nameof(TargetEverySite));
}
