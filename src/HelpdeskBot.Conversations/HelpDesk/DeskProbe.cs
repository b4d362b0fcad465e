using System.Globalization;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Probes.Diagnosis;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.HelpDesk;

/// <summary>Probes an incident's target afresh for the help desk (Check now, Resolve, the watch) and words the result for agents.</summary>
internal sealed class DeskProbe(SharedDiagnoses diagnoses, TimeProvider time, IOptions<ConversationsOptions> options)
{
    public const string Requester = "helpdesk";

    /// <summary>A run started now (never an older shared one): the help desk asks whether it works at this moment.</summary>
    public async Task<ProbeSnapshot> CheckAsync(string target, CancellationToken ct)
    {
        var (diagnosis, _) = await diagnoses.DiagnoseAsync(target, Requester, options.Value.DiagnosisAttempts, hint: null, time.GetUtcNow(), ct).ConfigureAwait(false);
        return Snapshot(diagnosis);
    }

    public static ProbeSnapshot Snapshot(Diagnosis d)
    {
        var v = d.Verdict;
        var status = v.StatusCode is { } code ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : "no HTTP answer";
        var from = v.AnsweredBy is { } hop ? $" from {hop.Product}" : string.Empty;
        var counts = v.TotalAttempts == 0
            ? NoAnswer(v.Kind)
            : v.Kind == VerdictKind.Healthy
                ? $"{v.TotalAttempts - v.FailedAttempts} of {v.TotalAttempts} requests succeeded ({status}{from})"
                : $"{v.FailedAttempts} of {v.TotalAttempts} requests failed ({status}{from})";
        return new ProbeSnapshot(d.StartedAt, v.Kind == VerdictKind.Healthy, counts);
    }

    /// <summary>No HTTP request got through: what stopped them, for the help desk.</summary>
    private static string NoAnswer(VerdictKind kind) => kind switch
    {
        VerdictKind.DnsFailure => "the name does not resolve",
        VerdictKind.ResolversDisagree => "resolvers give different answers",
        VerdictKind.GatewayUnreachable => "the server cannot be reached",
        VerdictKind.TlsProblem => "the TLS handshake fails",
        VerdictKind.BotNetworkProblem => "our servers' own network is down",
        VerdictKind.Refused => "not checked (refused by the probe policy or rate limit)",
        _ => "no HTTP answer",
    };
}
