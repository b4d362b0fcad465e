using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// A probe's failure (<see cref="ProbeFailure"/>) in a reader's catalogue: the help desk's (<see cref="DeskTexts"/>) or
/// the user's (Conversations' <c>UserTexts</c>); both hold a <c>Failure_&lt;Kind&gt;</c> text per <see cref="FailureKind"/>,
/// whose <c>{0}</c> is the technical detail, the time limit or the range. Evidence stored before failures had kinds has
/// only the probes' English text: it reads as that.
/// </summary>
public static class FailureWords
{
    /// <summary>The failure in the reader's words; else <paramref name="stored"/> (the probes' text), else <paramref name="none"/>.</summary>
    public static string Word(ProbeFailure? failure, string? stored, TextCatalogue t, string none = "?") =>
        failure is not null ? Word(failure, t) : stored ?? none;

    public static string Word(ProbeFailure failure, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(t);
        var key = "Failure_" + failure.Kind;
        return failure.Kind switch
        {
            // A limit is in every timeout the probes set; a socket's own timeout (SocketError.TimedOut) has none.
            FailureKind.ResolverTimeout or FailureKind.ConnectTimeout or FailureKind.TimeoutConnecting or FailureKind.TimeoutTls or FailureKind.TimeoutResponse
                => failure.Seconds is { } s ? t.Format(key, t.Number(s)) : t.Get("Connect_Timeout"),
            FailureKind.ConnectBlocked => failure.Detail is { } cidr ? t.Format(key, FindingWords.Range(cidr, t)) : t.Get("Connect_Blocked"),
            _ => t.Format(key, failure.Detail ?? "?"),
        };
    }

    /// <summary>A DNS answer without addresses: its failure worded, or as stored before ("nxdomain the name does not exist").</summary>
    public static string Resolver(ResolverAnswer answer, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Failure is { } f ? Word(f, t) : $"{WireNames.Of(answer.Outcome)} {answer.Error}".Trim();
    }

    /// <summary>
    /// A TCP connect in the help desk's words ("connection refused: nothing listens on that port"), the outcome as a
    /// label (<c>LabelFormat</c>, with French typography's non-breaking space) before the failure.
    /// </summary>
    public static string Connect(TcpEvidence connect, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(t);
        var outcome = t.Get("Connect_" + connect.Outcome);
        return connect.Failure is { } f ? t.Format("LabelFormat", outcome) + Word(f, t)
            : connect.Error is { } error ? $"{WireNames.Of(connect.Outcome)}: {error}"
            : outcome;
    }

    /// <summary>What the failing protocol of a split gave: its status, or its failure in the reader's words.</summary>
    public static string SplitResult(ProtocolSplit split, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(split);
        return split.Failure is { } f ? Word(f, t) : split.FailingResult;
    }

    /// <summary>The certificate chain's problems, "; "-separated; the stored English texts for evidence from before.</summary>
    public static string Chain(TlsEvidence tls, TextCatalogue t)
    {
        ArgumentNullException.ThrowIfNull(tls);
        return tls.ChainProblems.Count > 0
            ? string.Join("; ", tls.ChainProblems.Select(p => Word(p, t)))
            : string.Join("; ", tls.ChainErrors);
    }
}
