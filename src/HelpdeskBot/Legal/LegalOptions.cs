using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Legal;

/// <summary>Settings of section <c>Legal</c>: the texts of /privacy and /terms, which the Teams app package links to.</summary>
internal sealed class LegalOptions
{
    public const string SectionName = "Legal";

    /// <summary>The privacy statement (plain text; a blank line starts a paragraph). Default: what this bot stores and passes on.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PrivacyText { get; set; } = """
        HelpdeskBot is run by your organisation's IT help desk.

        When you report a site you cannot reach, the bot keeps what you wrote, your Teams user id and display name, the results of its checks of that site, the troubleshooting steps you were shown and your answers. These are stored in the help desk's own database.

        When a problem needs the help desk, the bot opens a ticket in the help desk's ticket system with that information, so that the help desk can fix it and contact you.

        In channels and group chats the bot only receives messages that mention it. Ask your help desk how long these records are kept and how to have them removed.
        """;

    /// <summary>The terms of use (plain text; a blank line starts a paragraph). Default: short terms for an internal tool.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TermsText { get; set; } = """
        HelpdeskBot is an internal tool of your organisation's IT help desk, for reporting sites and services you cannot reach.

        Its checks run from the help desk's servers and only against the site you name; its diagnosis is a best effort and may be wrong. Follow your organisation's policies when you use it, and contact the help desk directly for anything urgent.
        """;
}
