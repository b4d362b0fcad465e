using System.Text.Json;
using System.Text.RegularExpressions;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Testing;

/// <summary>
/// A message as Teams sends it to the bot, built on the real channel payload (tests/payloads/message-channel-mention.json,
/// captured by microsoft/teams.net): the bot is the recipient, named <see cref="BotName"/>, and every
/// <c>&lt;at&gt;Name&lt;/at&gt;</c> in the text is a mention of the bot with its mention entity, as Teams writes one per
/// element (a name of two words may come as two elements). Lets tests read text through the same
/// <see cref="TurnText"/> the endpoint gives a turn.
/// </summary>
public static partial class TeamsMessages
{
    public const string BotName = "HelpdeskBot";

    private static readonly Lazy<string> Template = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "payloads", "message-channel-mention.json")));

    /// <summary>A channel message with <paramref name="text"/>, its <c>&lt;at&gt;</c> elements mentioning the bot except those naming one of <paramref name="others"/> (colleagues, each with an id of their own).</summary>
    public static Activity ChannelMessage(string text, params string[] others)
    {
        var activity = JsonSerializer.Deserialize(Template.Value, ProtocolJsonContext.Default.Activity)!; // the captured payload is an activity
        var bot = activity.Recipient!; // the captured payload has a recipient
        bot.Name = BotName;
        activity.Text = text;
        var names = AtElement().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);
        activity.Entities =
        [
            .. names.Select(name => new Entity
            {
                Type = Entity.MentionType,
                Text = $"<at>{name}</at>",
                Mentioned = new ChannelAccount
                {
                    Id = others.Contains(name, StringComparer.Ordinal) ? $"29:{name.ToLowerInvariant().Replace(' ', '-')}" : bot.Id,
                    Name = System.Net.WebUtility.HtmlDecode(name),
                },
            }),
            .. activity.Entities!.Where(e => e?.Type != Entity.MentionType), // clientInfo
        ];
        return activity;
    }

    /// <summary>What a turn reads from a channel message with <paramref name="text"/> (see <see cref="ChannelMessage"/>).</summary>
    public static TurnText Text(string text, params string[] others) => TurnText.Of(ChannelMessage(text, others));

    [GeneratedRegex("<at[^>]*>([^<]*)</at>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex AtElement();
}
