namespace HelpdeskBot.Tickets.Rendering;

/// <summary>The escalation's urgency/impact words mapped onto the three levels every ticket system has.</summary>
public enum UrgencyLevel
{
    High = 1,
    Medium = 2,
    Low = 3,
}

public static class Urgency
{
    /// <summary>high/critical/urgent/1 → High; medium/moderate/normal/2 → Medium; anything else → Low.</summary>
    public static UrgencyLevel Parse(string? value) => (value ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "1" or "high" or "critical" or "urgent" => UrgencyLevel.High,
        "2" or "medium" or "moderate" or "normal" => UrgencyLevel.Medium,
        _ => UrgencyLevel.Low,
    };
}
