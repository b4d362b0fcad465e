namespace HelpdeskBot.Conversations.Localization;

/// <summary>The language picker.</summary>
internal sealed partial class UserTexts
{
    public string LanguagePickerTitle => Get(nameof(LanguagePickerTitle));

    public string LanguagePickerCurrent(string languageName) => Format(nameof(LanguagePickerCurrent), languageName);

    public string LanguagePickerAuto => Get(nameof(LanguagePickerAuto));

    public string LanguagePickerFallback => Get(nameof(LanguagePickerFallback));

    public string LanguageChosen(string languageName) => Format(nameof(LanguageChosen), languageName);

    public string LanguageFollowsTeams(string languageName) => Format(nameof(LanguageFollowsTeams), languageName);
}
