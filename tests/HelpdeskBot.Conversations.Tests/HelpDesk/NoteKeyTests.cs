using HelpdeskBot.Conversations.HelpDesk;

namespace HelpdeskBot.Conversations.Tests.HelpDesk;

/// <summary>
/// An agent's note is keyed so that the same note sent again after a stop (the ticket system took it, the count was not
/// stored) is the same key, and anything else is a new one.
/// </summary>
public sealed class NoteKeyTests
{
    [Fact]
    public void The_same_note_before_the_count_moved_has_the_same_key_and_anything_else_a_new_one()
    {
        var key = IncidentDesk.NoteKey("inc-1", 2, "29:megan", "Upstream pool drained again");

        Assert.Equal(key, IncidentDesk.NoteKey("inc-1", 2, "29:megan", "  Upstream pool drained again \n"));
        Assert.StartsWith("inc-1:note-3:", key, StringComparison.Ordinal);
        Assert.NotEqual(key, IncidentDesk.NoteKey("inc-1", 2, "29:megan", "Pool restarted"));
        Assert.NotEqual(key, IncidentDesk.NoteKey("inc-1", 3, "29:megan", "Upstream pool drained again"));
        Assert.NotEqual(key, IncidentDesk.NoteKey("inc-1", 2, "29:lee", "Upstream pool drained again"));
        Assert.NotEqual(key, IncidentDesk.NoteKey("inc-2", 2, "29:megan", "Upstream pool drained again"));
        Assert.True(key.Length < 100, key); // well within Zendesk's 1 KB of audit metadata
    }
}
