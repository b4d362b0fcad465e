namespace HelpdeskBot.Conversations.Understanding;

/// <summary>Whether one site or every site fails for the user.</summary>
public enum ReportScope
{
    Unknown,
    ThisSite,
    AllSites,
}
