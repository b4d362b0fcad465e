using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Conversations;

/// <summary>Settings of the troubleshooting conversation (section <c>Conversations</c>).</summary>
public sealed class ConversationsOptions
{
    public const string SectionName = "Conversations";

    /// <summary>
    /// An open case with no activity for this long is closed as abandoned (its card offers Resume). Default
    /// 30 minutes: long enough to restart a router and a computer, short enough that a stale case does not
    /// answer a new report.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan CaseIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often idle cases are looked for. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IdleSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>HTTP attempts per probe from chat; null = the probes' default (Probes:HttpAttempts).</summary>
    [Range(1, 20)]
    public int? DiagnosisAttempts { get; set; }

    /// <summary>
    /// Cases about the same target take the diagnosis of a probe run that is still going or started at most this
    /// long before the report, instead of probing again ("Check again" always waits for a run started after the
    /// click). Default 30 seconds: a burst of reports about one outage shares one run and stays under the probes'
    /// per-target limit, and the evidence shown is never older than half a minute. Zero turns sharing off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SharedDiagnosisMaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Diagnoses this instance runs at once. Default 16 (as many as the turn's background work ran before). More
    /// pending ones wait in the store, claimed as runs finish: a burst is delayed, never refused.
    /// </summary>
    [Range(1, 256)]
    public int DiagnosisConcurrency { get; set; } = 16;

    /// <summary>
    /// A claimed diagnosis expires after this, so the diagnoses of an instance that died are taken over. Default 2
    /// minutes: well above a probe run's budget (Probes:TimeBudget, 10 s), so a live run is never taken twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan DiagnosisLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often pending diagnoses are looked for without a wake-up. Default 5 seconds: a report wakes its own
    /// instance at once; this finds work another instance queued or gave back.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan DiagnosisPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A diagnosis that failed unexpectedly is tried again after this (30 s), until the case goes idle. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DiagnosisRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cases listed by "status". Default 5: fits a phone screen.</summary>
    [Range(1, 20)]
    public int StatusListSize { get; set; } = 5;

    internal static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
}
