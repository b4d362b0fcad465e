using HelpdeskBot.Conversations.Cases;

namespace HelpdeskBot.Conversations.Tests.Flow;

/// <summary>A case's status is stored by the names the column always held; older rows' spellings still read.</summary>
public sealed class CaseStatusNamesTests
{
    [Fact]
    public void Every_status_keeps_its_stored_name_and_reads_back()
    {
        Assert.Equal(["open", "resolved", "escalated", "abandoned", "cancelled"], Enum.GetValues<CaseStatus>().Select(s => s.StoredName()));
        Assert.All(Enum.GetValues<CaseStatus>(), s => Assert.Equal(s, CaseStatusNames.Parse(s.StoredName())));
    }

    [Theory]
    [InlineData("Resolved", CaseStatus.Resolved)]
    [InlineData(" ESCALATED ", CaseStatus.Escalated)]
    [InlineData("diagnosing", CaseStatus.Open)]
    [InlineData(null, CaseStatus.Open)]
    public void Older_spellings_read_as_their_status_and_anything_else_as_open(string? stored, CaseStatus status)
        => Assert.Equal(status, CaseStatusNames.Parse(stored));

    [Fact]
    public void An_undefined_status_has_no_stored_name()
        => Assert.Throws<ArgumentOutOfRangeException>(() => ((CaseStatus)42).StoredName());
}
