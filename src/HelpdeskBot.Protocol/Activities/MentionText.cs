namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// Teams puts an @mention in the text as <c>&lt;at&gt;Name&lt;/at&gt;</c> with a matching <c>mention</c> entity. This
/// says whether the bot is mentioned; <see cref="TurnText"/> reads the text without the bot's own mention.
/// </summary>
public static class MentionText
{
    /// <summary>True when an entity mentions <paramref name="botId"/> (ids compared case-insensitively).</summary>
    public static bool IsMentioned(Activity activity, string? botId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrEmpty(botId) || activity.Entities is null)
        {
            return false;
        }

        foreach (var entity in activity.Entities)
        {
            if (IsMentionOf(entity, botId))
            {
                return true;
            }
        }

        return false;
    }

    // The endpoint refuses "entities":[null]; activities built in code may still hold null members.
    internal static bool IsMentionOf(Entity? entity, string botId) =>
        entity is not null
        && string.Equals(entity.Type, Entity.MentionType, StringComparison.OrdinalIgnoreCase)
        && string.Equals(entity.Mentioned?.Id, botId, StringComparison.OrdinalIgnoreCase);
}
