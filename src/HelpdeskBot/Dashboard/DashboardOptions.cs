using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Dashboard;

/// <summary>Settings of section <c>Dashboard</c>.</summary>
internal sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>How many days back the figures reach. Default 7: "the last week at a glance" of the issue.</summary>
    [Range(1, 90, ErrorMessage = "Dashboard:Days must be between 1 and 90 (default 7).")]
    public int Days { get; set; } = 7;

    /// <summary>Most cases read per request. Default 10,000: a week of a large tenant, read in well under a second.</summary>
    [Range(100, 1_000_000, ErrorMessage = "Dashboard:MaxCases must be between 100 and 1000000 (default 10000).")]
    public int MaxCases { get; set; } = 10_000;
}
