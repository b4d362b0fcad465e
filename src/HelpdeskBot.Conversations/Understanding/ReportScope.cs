namespace HelpdeskBot.Conversations.Understanding;

/// <summary>Whether one site or every site fails for the user.</summary>
internal enum ReportScope
{
    Unknown,
    ThisSite,
    AllSites,
}
