using System.Net.Http;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Outbox;
using HelpdeskBot.Tickets.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace HelpdeskBot.Tickets.Tests.Outbox;

/// <summary>
/// A parked escalation's card tells the help desk why in its own language: the English line kept on the outbox row for
/// operators is worded from the desk's catalogue; a ticket system's own answer is quoted as written.
/// </summary>
public sealed class OutboxFailureTests
{
    public static TheoryData<string> OtherLanguages => new(DeskTexts.Shipped.Where(l => l != "en"));

    private static readonly (Exception Failure, string Key)[] BotsOwnLines =
    [
        (new BrokenCircuitException(), nameof(DeskTexts.OutboxCircuitOpen)),
        (new Polly.Timeout.TimeoutRejectedException(), nameof(DeskTexts.OutboxTimedOut)),
        (new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)"), nameof(DeskTexts.OutboxConnectionFailed)),
    ];

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void The_bots_own_lines_are_worded_from_the_help_desks_catalogue(string language)
    {
        var desk = DeskTexts.For(language);
        var english = DeskTexts.For("en");
        foreach (var (failure, key) in BotsOwnLines)
        {
            var line = OutboxFailure.Describe(failure);
            var worded = OutboxFailure.Word(line, desk);

            Assert.StartsWith(desk.All[key].Split('{')[0], worded, StringComparison.Ordinal);
            Assert.DoesNotContain(line, worded, StringComparison.Ordinal);
            Assert.NotEqual(OutboxFailure.Word(line, english), worded);
        }

        // .NET's error name stays as the technical detail.
        Assert.EndsWith("ConnectionError", OutboxFailure.Word(OutboxFailure.Describe(BotsOwnLines[2].Failure), desk), StringComparison.Ordinal);
        Assert.Equal(desk.OutboxFailureUnknown, OutboxFailure.Word(null, desk));
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void A_ticket_systems_answer_is_quoted_as_written_in_the_help_desks_sentence(string language)
    {
        var desk = DeskTexts.For(language);
        var line = OutboxFailure.Describe(new TicketProviderException("ServiceNow", "POST /api/now/table/incident answered 503", 503));

        Assert.Equal(desk.OutboxLastError("ServiceNow: POST /api/now/table/incident answered 503"), OutboxFailure.Word(line, desk));
    }

    [Fact]
    public async Task A_parked_escalations_reason_reaches_a_german_help_desk_in_german()
    {
        await using var system = await DispatcherSystem.StartAsync("ServiceNow");
        var time = new FakeTimeProvider(TestEscalations.At);
        await using var host = await TicketsTestHost.StartAsync(
            TicketsTestHost.NewDatabasePath(),
            time,
            system.Settings,
            extra: new Dictionary<string, string?> { ["Tickets:GiveUpAfter"] = "01:00:00", ["Tickets:Language"] = "de" });
        await host.EnqueueAsync(TestEscalations.Create("esc-park-de"), CancellationToken.None);
        system.Fake!.Mode = FakeMode.ServerError;

        for (var minute = 0; minute <= 70; minute++)
        {
            await host.DrainDueAsync();
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var parked = await host.Outbox.FindByEscalationIdAsync("esc-park-de", CancellationToken.None);
        Assert.Equal(OutboxState.Parked, parked!.State);
        var (_, reason) = Assert.Single(host.Notifier.Parked);
        var desk = DeskTexts.For("de");
        Assert.Equal(desk.ParkedReason(desk.Duration(TimeSpan.FromHours(1)), OutboxFailure.Word(parked.LastError, desk)), reason);
        Assert.StartsWith("Das Ticketsystem war", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("circuit open", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("did not answer in time", reason, StringComparison.Ordinal);
    }
}
