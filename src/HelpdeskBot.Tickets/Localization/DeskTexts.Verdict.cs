using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Tickets.Localization;

/// <summary>The verdict and the hops, worded for the help desk about "the user".</summary>
public sealed partial class DeskTexts
{
    /// <summary>{0} of {1}: attempts failed.</summary>
    public string VerdictAttempts(string arg0, string arg1) => Format(nameof(VerdictAttempts), arg0, arg1);

    /// <summary>{0}: the site; {1}: status; {2}: attempts (all succeeded).</summary>
    public string VerdictHealthy(string arg0, string arg1, string arg2) => Format(nameof(VerdictHealthy), arg0, arg1, arg2);

    /// <summary>{0}: status; {1}: the hop; {2}: the site; {3}: what the error means; {4}: attempts; {5}: the chain sentence or nothing.</summary>
    public string VerdictInFront(string arg0, string arg1, string arg2, string arg3, string arg4, string arg5) => Format(nameof(VerdictInFront), arg0, arg1, arg2, arg3, arg4, arg5);

    /// <summary>{0}: status; {1}: the server; {2}: the site; {3}: meaning; {4}: attempts; {5}: chain or nothing.</summary>
    public string VerdictAt(string arg0, string arg1, string arg2, string arg3, string arg4, string arg5) => Format(nameof(VerdictAt), arg0, arg1, arg2, arg3, arg4, arg5);

    /// <summary>{0}: the site; {1}: technical detail; {2}: attempts.</summary>
    public string VerdictNoProperAnswer(string arg0, string arg1, string arg2) => Format(nameof(VerdictNoProperAnswer), arg0, arg1, arg2);

    /// <summary>{0}: the site; {1}: status; {2}: attempts.</summary>
    public string VerdictServerError(string arg0, string arg1, string arg2) => Format(nameof(VerdictServerError), arg0, arg1, arg2);

    /// <summary>{0}: the site; {1}: port; {2}: connection outcomes; {3}: attempts.</summary>
    public string VerdictUnreachable(string arg0, string arg1, string arg2, string arg3) => Format(nameof(VerdictUnreachable), arg0, arg1, arg2, arg3);

    /// <summary>{0}: the site.</summary>
    public string VerdictResolversDisagree(string arg0) => Format(nameof(VerdictResolversDisagree), arg0);

    /// <summary>{0}: the site; {1} of {2}: attempts failed; {3}: status or detail, with the hop.</summary>
    public string VerdictIntermittent(string arg0, string arg1, string arg2, string arg3) => Format(nameof(VerdictIntermittent), arg0, arg1, arg2, arg3);

    /// <summary>{0}: the hop; appended to a status.</summary>
    public string VerdictFromHop(string arg0) => Format(nameof(VerdictFromHop), arg0);

    /// <summary>{0}: the site; {1}: the proxy; {2} of {3}: attempts failed.</summary>
    public string VerdictProxy(string arg0, string arg1, string arg2, string arg3) => Format(nameof(VerdictProxy), arg0, arg1, arg2, arg3);

    /// <summary>{0} of {1}: reference sites answering; {2}: the site.</summary>
    public string VerdictBotNetwork(string arg0, string arg1, string arg2) => Format(nameof(VerdictBotNetwork), arg0, arg1, arg2);

    /// <summary>{0}: the site; {1}: why (the probes' reason, technical).</summary>
    public string VerdictRefused(string arg0, string arg1) => Format(nameof(VerdictRefused), arg0, arg1);

    /// <summary>{0}: the site.</summary>
    public string VerdictNotProbed(string arg0) => Format(nameof(VerdictNotProbed), arg0);

    /// <summary>{0}: the site; {1}: the verdict's name.</summary>
    public string VerdictOther(string arg0, string arg1) => Format(nameof(VerdictOther), arg0, arg1);

    /// <summary>A verdict kind's short name ("site unreachable"), as the dashboard's chart and <see cref="VerdictOther"/> show it.</summary>
    public string VerdictName(VerdictKind kind) => Get("VerdictName_" + kind);

    /// <summary>
    /// A verdict as stored: a <see cref="VerdictKind"/>'s name, or <paramref name="notDiagnosed"/> for a conversation without a
    /// diagnosis, worded; any other word as stored.
    /// </summary>
    public string VerdictName(string stored, string notDiagnosed) =>
        stored == notDiagnosed ? Get("VerdictName_NotDiagnosed")
        : Enum.GetNames<VerdictKind>().Contains(stored, StringComparer.Ordinal) ? Get("VerdictName_" + stored)
        : stored;

    /// <summary>{0}: failing protocol; {1}: its result; {2}: working protocol. Appended to the verdict.</summary>
    public string VerdictProtocolSplit(string arg0, string arg1, string arg2) => Format(nameof(VerdictProtocolSplit), arg0, arg1, arg2);

    /// <summary>{0}: which hop; {1}: the hops. Appended to the verdict.</summary>
    public string VerdictChain(string arg0, string arg1) => Format(nameof(VerdictChain), arg0, arg1);

    /// <summary>{0}: the site.</summary>
    public string DnsNxdomain(string arg0) => Format(nameof(DnsNxdomain), arg0);

    /// <summary>{0}: the site.</summary>
    public string DnsNodata(string arg0) => Format(nameof(DnsNodata), arg0);

    /// <summary>{0}: the site.</summary>
    public string DnsServfail(string arg0) => Format(nameof(DnsServfail), arg0);

    /// <summary>{0}: the site.</summary>
    public string DnsOther(string arg0) => Format(nameof(DnsOther), arg0);

    /// <summary>{0}: the site; {1}: how long ago ('3 days ago'); {2}: the date.</summary>
    public string TlsExpired(string arg0, string arg1, string arg2) => Format(nameof(TlsExpired), arg0, arg1, arg2);

    /// <summary>{0}: the site; {1}: names on the certificate.</summary>
    public string TlsNameMismatch(string arg0, string arg1) => Format(nameof(TlsNameMismatch), arg0, arg1);

    /// <summary>{0}: the site; {1}: chain errors.</summary>
    public string TlsUntrusted(string arg0, string arg1) => Format(nameof(TlsUntrusted), arg0, arg1);

    /// <summary>{0}: the site; {1}: technical detail.</summary>
    public string TlsOther(string arg0, string arg1) => Format(nameof(TlsOther), arg0, arg1);
}
