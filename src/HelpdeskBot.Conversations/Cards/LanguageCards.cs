using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Protocol.Cards;

namespace HelpdeskBot.Conversations.Cards;

/// <summary>The language picker ("language" command) and its answer.</summary>
internal static class LanguageCards
{
    /// <summary>The Action.Execute verb of a choice; its data carries <see cref="LanguageKey"/> ("" for the Teams locale).</summary>
    public const string ChooseVerb = "language.choose";

    public const string LanguageKey = "language";

    /// <summary>Each language is offered in its own name, so a user who cannot read the current one still finds theirs.</summary>
    public static AdaptiveCard Picker(UserTexts t, bool chosen) => new()
    {
        MsTeams = TeamsCardProperties.FullWidth,
        FallbackText = t.LanguagePickerFallback,
        Body =
        [
            new TextBlock(t.LanguagePickerTitle) { Weight = TextWeight.Bolder, Size = TextSize.Medium },
            new TextBlock(t.LanguagePickerCurrent(Languages.NativeName(t.Language))) { IsSubtle = true, Spacing = Spacing.Small },
            new ActionSet(
            [
                .. Languages.Shipped.Select(l => ActionExecute.WithSubmitFallback(ChooseVerb, Languages.NativeName(l), new Dictionary<string, string> { [LanguageKey] = l },
                    chosen && l == t.Language ? ActionStyle.Positive : null, sendInputs: false)),
                ActionExecute.WithSubmitFallback(ChooseVerb, t.LanguagePickerAuto, new Dictionary<string, string> { [LanguageKey] = string.Empty }, sendInputs: false),
            ]) { Spacing = Spacing.Medium },
        ],
    };

    /// <summary>The picker after a choice: the confirmation in the language now in use, and the buttons to change again.</summary>
    public static AdaptiveCard Chosen(UserTexts t, string confirmation)
    {
        var card = Picker(t, chosen: true);
        return card with { Body = [new TextBlock(confirmation) { Weight = TextWeight.Bolder, Color = TextColor.Good }, .. card.Body.Skip(2)], FallbackText = confirmation };
    }
}
