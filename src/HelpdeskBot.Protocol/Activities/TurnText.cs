namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// What a person wrote in a message, as plain text: the bot's own @mention removed (other people's mentions stay as
/// their names), Teams HTML removed (a block or line-break tag becomes a line break), character references decoded,
/// whitespace collapsed and trimmed, and the http(s) links of anchors (<c>&lt;a href=…&gt;</c>) collected.
/// Read by one single pass (<see cref="TeamsTextReader"/>) whose cost is linear in the message and capped: at most
/// <see cref="MaxReadLength"/> characters are read and <see cref="MaxLength"/> kept.
/// </summary>
/// <param name="Plain">The plain text ("" when none).</param>
/// <param name="Links">The http(s) targets of the message's anchors, in order, character references decoded.</param>
public sealed record TurnText(string Plain, IReadOnlyList<string> Links)
{
    /// <summary>
    /// Plain-text characters kept. A report is a sentence or two, or a pasted error page of a few hundred characters;
    /// 4,096 leaves room for a detailed IIS page. Whatever follows is never read.
    /// </summary>
    public const int MaxLength = 4096;

    /// <summary>Characters of the raw text read at most: Teams' HTML (links written twice, mention and paragraph markup) around <see cref="MaxLength"/> characters of text.</summary>
    public const int MaxReadLength = 4 * MaxLength;

    /// <summary>No text.</summary>
    public static TurnText Empty { get; } = new(string.Empty, []);

    /// <summary>
    /// The activity's text without the mentions of its recipient (the bot): the <c>&lt;at&gt;</c> elements whose name a
    /// mention entity of the bot carries (or the bot's own name), and a plain "@Name" of the bot at the very start.
    /// </summary>
    public static TurnText Of(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return string.IsNullOrWhiteSpace(activity.Text) ? Empty : TeamsTextReader.Read(activity.Text, BotNames(activity));
    }

    /// <summary>Text that is not a Teams message (a card's text input): markup and references read the same way, no mention removed.</summary>
    public static TurnText Of(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Empty : TeamsTextReader.Read(text, TeamsTextReader.NoNames);

    // The names the bot goes by in this activity, as the reader compares them: its own, and each of its mention
    // entities' mentioned name and entity text ("<at>Help &amp; Desk</at>" and "Help & Desk" are the same name).
    private static HashSet<string> BotNames(Activity activity)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var botId = activity.Recipient?.Id;
        if (string.IsNullOrEmpty(botId))
        {
            return names;
        }

        TeamsTextReader.AddName(names, activity.Recipient?.Name);
        foreach (var entity in activity.Entities ?? [])
        {
            if (entity is not null && MentionText.IsMentionOf(entity, botId))
            {
                TeamsTextReader.AddName(names, entity.Mentioned?.Name);
                TeamsTextReader.AddName(names, entity.Text);
            }
        }

        return names;
    }
}
