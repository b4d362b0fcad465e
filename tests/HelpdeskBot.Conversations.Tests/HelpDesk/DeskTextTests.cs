using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Conversations.Tests.HelpDesk;

/// <summary>A desk event kept as facts is worded in the language of the moment, its counts as that language writes numbers.</summary>
public sealed class DeskTextTests
{
    [Theory]
    [InlineData("en", "1,500")]
    [InlineData("de", "1.500")]
    [InlineData("fr", "1\u202f500")]
    [InlineData("ja", "1,500")]
    public void A_count_in_a_stored_event_is_written_as_the_desks_language_writes_numbers(string language, string written)
    {
        var t = DeskTexts.For(language);
        var stored = IncidentDeskState.FromJson(IncidentDeskState.ToJson(new IncidentDeskState
        {
            Target = "wiki.contoso.com",
            LastEventText = DeskText.WithCount(nameof(DeskTexts.DashNotTaken), 1500),
        })).LastEventText!;

        Assert.Equal(t.DashNotTaken(written), stored.In(t));
    }

    [Fact]
    public void A_name_that_is_digits_stays_as_written()
    {
        // Only the values marked as counts are numbers: an agent called "1500" keeps the name.
        var stored = DeskText.Of(nameof(DeskTexts.EventNoteAddedBy), "1500");

        Assert.Equal(DeskTexts.For("de").EventNoteAddedBy("1500"), stored.In(DeskTexts.For("de")));
    }
}
