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

    /// <summary>The check worded for the help desk in its language, when it is taken (the desk state keeps the words).</summary>
    public static ProbeSnapshot Snapshot(Diagnosis d, DeskTexts t)
    {
        var v = d.Verdict;
        var status = v.StatusCode is { } code ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : t.CheckNoHttpAnswer;
        var what = v.AnsweredBy is { } hop ? t.CheckFromHop(status, hop.Product) : status;
        var counts = v.TotalAttempts == 0
            ? NoAnswer(v.Kind, t)
            : v.Kind == VerdictKind.Healthy
                ? t.CheckSucceeded(t.Number(v.TotalAttempts - v.FailedAttempts), t.Number(v.TotalAttempts), what)
                : t.CheckFailed(t.Number(v.FailedAttempts), t.Number(v.TotalAttempts), what);
        return new ProbeSnapshot(d.StartedAt, v.Kind == VerdictKind.Healthy, counts);
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
