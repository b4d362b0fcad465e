namespace HelpdeskBot.Conversations.Catalog;

/// <summary>A service of the help desk's catalogue: what users call it, where it lives, who owns it.</summary>
/// <param name="Name">Display name ("HR portal").</param>
/// <param name="Aliases">What users type ("hr portal", "the hr site"); matched as whole words, case-insensitive.</param>
/// <param name="Host">Host to probe ("hr.contoso.com").</param>
/// <param name="Url">Optional URL to probe instead of https://host/.</param>
internal sealed record ServiceEntry(
    string Name,
    IReadOnlyList<string> Aliases,
    string Host,
    string? Url,
    string? OwningTeam,
    string? Category,
    string? AssignmentGroup);
