using System.Globalization;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Localization;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>Probes an incident's target afresh for the help desk (Check now, Resolve, the watch) and words the result for agents.</summary>
internal sealed class DeskProbe(SharedDiagnoses diagnoses, DeskTexts texts, TimeProvider time, IOptions<ConversationsOptions> options)
{
    public const string Requester = "helpdesk";

    /// <summary>A run started now (never an older shared one): the help desk asks whether it works at this moment.</summary>
    public async Task<ProbeSnapshot> CheckAsync(string target, CancellationToken ct)
    {
        var (diagnosis, _) = await diagnoses.DiagnoseAsync(target, Requester, options.Value.DiagnosisAttempts, hint: null, time.GetUtcNow(), ct).ConfigureAwait(false);
        return Snapshot(diagnosis, texts);
    }

    /// <summary>
    /// The check as facts for the desk state, with its words in the help desk's language of the moment (the answer to the
    /// action, and what rows read by an older version show); the card words the facts when it is drawn (<see cref="Words"/>).
    /// </summary>
    public static ProbeSnapshot Snapshot(Diagnosis d, DeskTexts t)
    {
        var v = d.Verdict;
        var facts = new ProbeSnapshot(d.StartedAt, v.Kind == VerdictKind.Healthy, string.Empty)
        {
            Kind = v.Kind,
            Failed = v.FailedAttempts,
            Total = v.TotalAttempts,
            StatusCode = v.StatusCode,
            Hop = v.AnsweredBy?.Product,
        };
        return facts with { Summary = Words(facts, t) };
    }

    /// <summary>The check worded in <paramref name="t"/>'s language; a snapshot stored before its facts keeps its words.</summary>
    public static string Words(ProbeSnapshot s, DeskTexts t)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Kind is not { } kind || s.Total is not { } total)
        {
            return s.Summary;
        }

        var status = s.StatusCode is { } code ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : t.CheckNoHttpAnswer;
        var what = s.Hop is { } hop ? t.CheckFromHop(status, hop) : status;
        var failed = s.Failed ?? 0;
        return total == 0
            ? NoAnswer(kind, t)
            : kind == VerdictKind.Healthy
                ? t.CheckSucceeded(t.Number(total - failed), t.Number(total), what)
                : t.CheckFailed(t.Number(failed), t.Number(total), what);
    }

    /// <summary>No HTTP request got through: what stopped them, for the help desk.</summary>
    private static string NoAnswer(VerdictKind kind, DeskTexts t) => kind switch
    {
        VerdictKind.DnsFailure => t.CheckDnsFailure,
        VerdictKind.ResolversDisagree => t.CheckResolversDisagree,
        VerdictKind.GatewayUnreachable => t.CheckUnreachable,
        VerdictKind.TlsProblem => t.CheckTls,
        VerdictKind.BotNetworkProblem => t.CheckBotNetwork,
        VerdictKind.Refused => t.CheckRefused,
        _ => t.CheckNoHttpAnswer,
    };
}
