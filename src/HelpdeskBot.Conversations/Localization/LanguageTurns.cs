using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Protocol.Routing;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.Localization;

/// <summary>The "language" command: shows the picker; a click keeps the user's choice (or forgets it).</summary>
internal sealed class LanguageTurns(UserLanguages languages, ILogger<LanguageTurns> logger)
{
    public async Task ShowPickerAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var choice = await languages.ChoiceAsync(turn.Activity.From?.Id, cancellationToken).ConfigureAwait(false);
        var texts = UserTexts.For(choice ?? Languages.Resolve(turn.Activity.Locale));
        await turn.SendAsync(Flow.CaseCardPublisher.Message(LanguageCards.Picker(texts, chosen: choice is not null)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies a click on the picker: the confirmation card in the language now in use, or null when the click
    /// names no shipped language or comes without a user (nothing is kept then).
    /// </summary>
    public async Task<AdaptiveCard?> ChooseAsync(TurnContext turn, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
    {
        var user = turn.Activity.From?.Id;
        var asked = data.GetValueOrDefault(LanguageCards.LanguageKey);
        if (string.IsNullOrEmpty(user) || asked is null)
        {
            return null;
        }

        // Only a shipped tag is kept as it is; "" means "follow Teams".
        string? language = null;
        if (asked.Length > 0)
        {
            language = Languages.Shipped.FirstOrDefault(l => string.Equals(l, asked, StringComparison.OrdinalIgnoreCase));
            if (language is null)
            {
                return null;
            }
        }

        await languages.ChooseAsync(user, language, cancellationToken).ConfigureAwait(false);
        Log.LanguageChosen(logger, language);
        var now = language ?? Languages.Resolve(turn.Activity.Locale);
        var texts = UserTexts.For(now);
        var name = Languages.NativeName(now);
        return LanguageCards.Chosen(texts, language is null ? texts.LanguageFollowsTeams(name) : texts.LanguageChosen(name));
    }
}
