namespace HelpdeskBot.Tickets.Escalations;

/// <summary>
/// The target of a report that is about every site the user opens (their own network) rather than one site. Stored and
/// sent as <see cref="EverySite"/> (<see cref="EscalationRequest.Target"/>, the incident's key, the webhook's
/// <c>target</c>): a stable value, the same whatever language anyone reads. Each reader words it in its own language
/// when it shows it (<see cref="Shown"/>).
/// </summary>
public static class ReportTarget
{
    /// <summary>The stored value; the incident key of such reports (its lower-case form) is the same text.</summary>
    public const string EverySite = "every site (user's network)";

    public static bool IsEverySite(string? target) => string.Equals(target?.Trim(), EverySite, StringComparison.OrdinalIgnoreCase);

    /// <summary>The target as a reader sees it: <paramref name="everySite"/> (the reader's words) for every site, else as stored.</summary>
    public static string Shown(string target, string everySite) => IsEverySite(target) ? everySite : target;
}
