namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// The Playground tests run one after another (beside the other tests): each starts Chromium, the Playground (Node)
/// and the bot, and four of them at once on a loaded 2-core machine made the Playground's page too slow to appear.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PlaygroundCollection
{
    public const string Name = "Agents Playground";
}
