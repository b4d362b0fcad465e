using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Probes;

/// <summary>Log messages of the probes (event ids 3000–3099). Targets are logged as hosts, never with query strings.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Debug, "Diagnosing {Host}:{Port} ({Attempts} attempts)")]
    public static partial void DiagnosisStarted(ILogger logger, string host, int port, int attempts);

    [LoggerMessage(3001, LogLevel.Information, "Diagnosis of {Host}: {Verdict} ({Failed} of {Total} failed) in {ElapsedMs} ms")]
    public static partial void DiagnosisFinished(ILogger logger, string host, Diagnosis.VerdictKind verdict, int failed, int total, long elapsedMs);

    /// <summary>The host only: the reason quotes what the user typed, which can be a URL with a token in its query.</summary>
    [LoggerMessage(3002, LogLevel.Warning, "Target {Host} refused ({Code})")]
    public static partial void TargetRefused(ILogger logger, string host, string code);

    /// <summary>The reason, with the typed target cut at its query string or fragment and without user info (<see cref="Targets.TargetParser.WithoutSecrets"/>).</summary>
    [LoggerMessage(3004, LogLevel.Debug, "Target refused ({Code}): {Reason}")]
    public static partial void TargetRefusedReason(ILogger logger, string code, string reason);

    /// <summary>A connect that is only evidence threw instead of returning its outcome: recorded as a failed connect.</summary>
    [LoggerMessage(3005, LogLevel.Warning, "The evidence connect to {Address} port {Port} for {Host} failed unexpectedly")]
    public static partial void EvidenceConnectFailed(ILogger logger, Exception exception, string address, int port, string host);

    [LoggerMessage(3003, LogLevel.Warning, "Diagnosis of {Host} ran out of its {BudgetMs} ms budget")]
    public static partial void BudgetExhausted(ILogger logger, string host, long budgetMs);
}
