using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Conversations;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Outbox;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.HelpDesk;

/// <summary>
/// <c>Tickets:Language</c> through /api/messages: a German user reports a failing site; the ticket (embedded, and
/// through the webhook to a loopback receiver) and the help desk's channel card are in the help desk's language,
/// checked against its catalogue, the user's words quoted with their language named; the user's own card stays German.
/// </summary>
public sealed class HelpdeskLanguageTests
{
    private const string ReporterChat = "a:personal-jonas";

    public static TheoryData<string> DeskLanguages => new(DeskTexts.Shipped);

    private static string In(string text) => ConversationHost.InJson(text);

    private static string Text(JsonNode? node) => ConversationHost.Json(node);

    [Theory]
    [MemberData(nameof(DeskLanguages))]
    public async Task A_German_report_gives_a_ticket_and_a_channel_card_in_the_help_desks_language(string deskLanguage)
    {
        var desk = DeskTexts.For(deskLanguage);
        var user = UserTexts.For("de");
        await using var host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Tickets:Language"] = deskLanguage,
            ["Incidents:CardDebounce"] = "00:00:00.200",
        });
        await using var team = await HelpdeskTeam.StartAsync(host);

        // The help desk connects its channel from the welcome card, in its language, whatever the language of whoever
        // added the bot to the team (the welcome card is the help desk's, not the installing user's).
        await team.AddBotToTeamAsync(locale: deskLanguage == "ja" ? "fr-FR" : "ja-JP");
        var (welcome, _, _) = await host.WaitForCardAsync(In(desk.WelcomeConnect));
        Assert.Contains(In(desk.WelcomeTitle), Text(welcome), StringComparison.Ordinal);
        // It says how to stop escalations coming to a channel too, the commands as typed (English: what the bot understands).
        Assert.Contains(In(desk.WelcomeStopHint("@HelpdeskBot stop escalations here", "@HelpdeskBot stop escalations of <team> here")), Text(welcome), StringComparison.Ordinal);
        var connected = await team.ClickAsync(welcome, desk.WelcomeConnect, HelpdeskTeam.EscalationsChannel);
        Assert.Contains(In(desk.WelcomeConnectedTeam(desk.ConnectedEvery, "Escalations")), Text(connected), StringComparison.Ordinal);

        // A German user reports the failing site in German: it is the site's fault, so the bot escalates at once.
        var report = user.HelpExamples.Split('\n')[0].TrimStart('-', ' ').Replace("wiki.contoso.com", team.SiteUrl, StringComparison.Ordinal);
        await SayInGermanAsync(host, report);
        await team.WaitUntilAsync(rs => rs.Any(r => r.Path.StartsWith($"/v3/conversations/{ReporterChat}/", StringComparison.Ordinal) && Text(r.Card).Contains(In(TicketCreatedPrefix(user) + "HD-"), StringComparison.Ordinal)), "the German user's card naming the ticket");

        // The ticket: in the help desk's language, the report quoted as written, its language named.
        var tickets = host.Services.GetRequiredService<IEmbeddedTicketStore>();
        var ticket = Assert.Single(await tickets.ListAsync(new EmbeddedTicketQuery(), default));
        var body = Words(ticket.DescriptionMarkdown);
        var request = (await host.Services.GetRequiredService<IOutboxStore>().FindByEscalationIdAsync(ticket.CorrelationId, default))!.Request;
        var finding = request.Diagnosis!.Findings.First(f => f.Kind == FindingKind.HttpStatus);
        Assert.Equal("de", request.Language);
        Assert.EndsWith(desk.TitleUsersAffected(1), ticket.Title, StringComparison.Ordinal);
        foreach (var expected in new[]
        {
            desk.TicketWhatIsWrong, desk.TicketUserWroteIn(desk.LanguageName("de")!) + report, desk.ReasonServerSideFault,
            desk.TicketProbeEvidence, desk.TicketStepsTried, desk.TicketFindings, FindingWords.ForHelpDesk(finding, desk),
            VerdictWords.ForHelpDesk(request.Diagnosis, desk),
        })
        {
            Assert.Contains(expected, body, StringComparison.Ordinal);
        }

        // The incident card in the channel: the help desk's language, schema-valid (checked when the host is disposed).
        var card = await IncidentCardAsync(team, In(desk.StatusNew));
        foreach (var expected in new[] { desk.People(1), desk.CardTarget, desk.CardAffected, desk.CardTicket })
        {
            Assert.Contains(In(expected), Text(card), StringComparison.Ordinal);
        }

        foreach (var action in new[] { desk.CardTake, desk.CardCheckNow, desk.CardResolve, desk.CardAddNote })
        {
            Assert.NotNull(ConversationHost.FindAction(card, action));
        }

        // The German user's own card words the same finding in German, for its reader.
        var userCard = host.Connector.Requests.Last(r => r.Path.StartsWith($"/v3/conversations/{ReporterChat}/", StringComparison.Ordinal) && r.Card is not null).Card;
        Assert.Contains(In(CardText.Literal(FindingWords.Word(finding, user.Catalogue), 300)), Text(userCard), StringComparison.Ordinal);

        if (deskLanguage != Languages.English)
        {
            var english = DeskTexts.English;
            foreach (var left in new[] { english.TicketWhatIsWrong, english.TicketUserWrote, english.ReasonServerSideFault, english.TicketFindings, FindingWords.ForHelpDesk(finding, english) })
            {
                Assert.DoesNotContain(left, body, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(In(english.StatusNew), Text(card), StringComparison.Ordinal);
            Assert.Null(ConversationHost.FindAction(card, english.CardTake));
        }

        host.AssertAllCardsValid();
    }

    [Fact]
    public async Task The_steps_a_German_user_tried_are_titled_in_the_help_desks_language_on_the_ticket()
    {
        var desk = DeskTexts.For("de");
        var user = UserTexts.For("de");
        await using var host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?> { ["Tickets:Language"] = "de" });
        await using var team = await HelpdeskTeam.StartAsync(host);
        team.Failing = false;

        // The site works from our servers: the German user gets steps, says the first did not help, then escalates.
        await SayInGermanAsync(host, $"502 auf {team.SiteUrl}");
        await EscalateAfterTheFirstStepAsync(host, team, user);

        var ticket = Assert.Single(await host.Services.GetRequiredService<IEmbeddedTicketStore>().ListAsync(new EmbeddedTicketQuery(), default));
        var tried = Assert.Single((await host.Services.GetRequiredService<IOutboxStore>().FindByEscalationIdAsync(ticket.CorrelationId, default))!.Request.Steps);
        var runbook = host.Services.GetRequiredService<HelpdeskBot.Conversations.Runbooks.RunbookCatalog>().Runbooks.First(r => r.FindStep(tried.StepId) is not null);
        var inDesk = runbook.In("de").FindStep(tried.StepId)!;
        Assert.NotEqual(runbook.FindStep(tried.StepId)!.Title, inDesk.Title);
        Assert.Equal(inDesk.Title, tried.Title);
        Assert.Equal(inDesk.Answers.First(x => x.Id == tried.Answer).Title, tried.AnswerText);
        var body = Words(ticket.DescriptionMarkdown);
        Assert.Contains(desk.TicketStepsTried, body, StringComparison.Ordinal);
        Assert.Contains(inDesk.Title, body, StringComparison.Ordinal);
        Assert.Contains(inDesk.Answers.First(x => x.Id == tried.Answer).Title, body, StringComparison.Ordinal);
        host.AssertAllCardsValid();
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ja")]
    public async Task A_ticket_through_the_webhook_is_in_the_help_desks_language_with_the_report_quoted(string deskLanguage)
    {
        var desk = DeskTexts.For(deskLanguage);
        var user = UserTexts.For("de");
        var received = new List<JsonObject>();
        await using var receiver = await LoopbackServer.StartAsync(app => app.MapPost("/hooks", async (HttpContext context) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            lock (received)
            {
                received.Add(body);
            }

            // ticket.find before ticket.create: none yet. The signature is checked by the webhook's own tests.
            return (string?)body["event"] == "ticket.create" ? Results.Json(new { ticketNumber = "WH-7" }, statusCode: 201) : Results.NotFound();
        }));
        await using var host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Tickets:Language"] = deskLanguage,
            ["Tickets:Provider"] = "Webhook",
            ["Tickets:Webhook:Url"] = receiver.BaseAddress + "hooks",
            ["Tickets:Webhook:Secret"] = "whsec-0123456789abcdef-0123456789abcdef",
        });
        await using var team = await HelpdeskTeam.StartAsync(host);

        var report = user.HelpExamples.Split('\n')[0].TrimStart('-', ' ').Replace("wiki.contoso.com", team.SiteUrl, StringComparison.Ordinal);
        await SayInGermanAsync(host, report);
        await team.WaitUntilAsync(rs => rs.Any(r => r.Path.StartsWith($"/v3/conversations/{ReporterChat}/", StringComparison.Ordinal) && Text(r.Card).Contains(In(user.TicketCreated("WH-7")), StringComparison.Ordinal)), "the German user's card naming the webhook's ticket");

        JsonObject create;
        lock (received)
        {
            create = received.Single(b => (string?)b["event"] == "ticket.create");
        }

        var text = Words((string)create["ticket"]!["markdown"]!);
        var title = (string)create["ticket"]!["title"]!;
        Assert.EndsWith(desk.TitleUsersAffected(1), title, StringComparison.Ordinal);
        Assert.Contains(desk.TicketUserWroteIn(desk.LanguageName("de")!) + report, text, StringComparison.Ordinal);
        Assert.Contains(desk.ReasonServerSideFault, text, StringComparison.Ordinal);
        Assert.Contains(desk.TicketProbeEvidence, text, StringComparison.Ordinal);
        Assert.Contains(report, (string)create["ticket"]!["text"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(DeskTexts.English.TicketWhatIsWrong, text, StringComparison.Ordinal);
        // The payload's verdict summary is the ticket's own first sentence, in the same language.
        Assert.Contains((string)create["escalation"]!["verdict"]!["summary"]!, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_about_every_site_is_titled_and_shown_in_the_help_desks_language_and_keeps_its_stable_target()
    {
        var desk = DeskTexts.For("fr");
        var user = UserTexts.For("de");
        await using var host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Tickets:Language"] = "fr",
            ["Incidents:CardDebounce"] = "00:00:00.200",
        });
        await using var team = await HelpdeskTeam.StartAsync(host);
        await team.AddBotToTeamAsync();
        var (welcome, _, _) = await host.WaitForCardAsync(In(desk.WelcomeConnect));
        await team.ClickAsync(welcome, desk.WelcomeConnect, HelpdeskTeam.EscalationsChannel);

        // Every site fails for the German user: steps on their own network, then "escalate now".
        await SayInGermanAsync(host, "Alle Seiten zeigen 502");
        await EscalateAfterTheFirstStepAsync(host, team, user);

        // Stored and sent (the webhook's target) as the stable key; worded in French wherever a person reads it.
        var ticket = Assert.Single(await host.Services.GetRequiredService<IEmbeddedTicketStore>().ListAsync(new EmbeddedTicketQuery(), default));
        var request = (await host.Services.GetRequiredService<IOutboxStore>().FindByEscalationIdAsync(ticket.CorrelationId, default))!.Request;
        Assert.Equal(ReportTarget.EverySite, request.Target);
        Assert.Equal(desk.TitleOn("502 Bad Gateway", desk.TargetEverySite), request.ProblemTitle);
        Assert.StartsWith(desk.TitleOn("502 Bad Gateway", desk.TargetEverySite), ticket.Title, StringComparison.Ordinal);
        var body = Words(ticket.DescriptionMarkdown);
        Assert.Contains(desk.TargetEverySite, body, StringComparison.Ordinal);
        var card = await IncidentCardAsync(team, In(desk.StatusNew));
        Assert.Contains(In(desk.TargetEverySite), Text(card), StringComparison.Ordinal);
        foreach (var english in new[] { "every site", "Site problem" })
        {
            Assert.DoesNotContain(english, ticket.Title + request.ProblemTitle + body + Text(card), StringComparison.Ordinal);
        }

        host.AssertAllCardsValid();
    }

    [Fact]
    public async Task A_refused_target_is_worded_for_the_user_in_german_and_for_the_help_desk_in_french()
    {
        var desk = DeskTexts.For("fr");
        var user = UserTexts.For("de");
        await using var host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?> { ["Tickets:Language"] = "fr" });
        await using var team = await HelpdeskTeam.StartAsync(host);

        // Port 9 is not one the probes may use: refused before any socket or DNS query.
        await SayInGermanAsync(host, "502 auf https://wiki.contoso.com:9/");
        await EscalateAfterTheFirstStepAsync(host, team, user);

        var ticket = Assert.Single(await host.Services.GetRequiredService<IEmbeddedTicketStore>().ListAsync(new EmbeddedTicketQuery(), default));
        var diagnosis = (await host.Services.GetRequiredService<IOutboxStore>().FindByEscalationIdAsync(ticket.CorrelationId, default))!.Request.Diagnosis!;
        Assert.Equal(VerdictKind.Refused, diagnosis.Verdict.Kind);
        var refusal = diagnosis.Findings[^1];
        Assert.Equal(FindingKind.RefusedPort, refusal.Kind);
        Assert.Equal(9, refusal.Values!.Port);

        // The user's card: their language and voice, not the probes' English sentence.
        var forUser = FindingWords.Word(refusal, user.Catalogue);
        Assert.Equal(user.Catalogue.Format("FindingRefusedPort", "wiki.contoso.com", "9", string.Join(", ", refusal.Values.Names!)), forUser);
        var cards = string.Concat(host.Connector.Requests.Where(r => r.Path.StartsWith($"/v3/conversations/{ReporterChat}/", StringComparison.Ordinal)).Select(r => Text(r.Card)));
        Assert.Contains(In(CardText.Literal(VerdictText.ForUser(diagnosis, user), 500)), cards, StringComparison.Ordinal);
        Assert.Contains(forUser, VerdictText.ForUser(diagnosis, user), StringComparison.Ordinal);
        Assert.DoesNotContain(In(refusal.Message), cards, StringComparison.Ordinal);

        // The ticket: the help desk's language and voice, as its verdict and among the findings.
        var forDesk = FindingWords.ForHelpDesk(refusal, desk);
        Assert.Equal(desk.Catalogue.Format("FindingRefusedPort", "wiki.contoso.com", "9", string.Join(", ", refusal.Values.Names!)), forDesk);
        Assert.Equal(forDesk, VerdictWords.ForHelpDesk(diagnosis, desk));
        var body = Words(ticket.DescriptionMarkdown);
        Assert.Contains(forDesk, body, StringComparison.Ordinal);
        Assert.DoesNotContain(refusal.Message, body, StringComparison.Ordinal);
        Assert.DoesNotContain("was not probed", body, StringComparison.Ordinal);
        host.AssertAllCardsValid();
    }

    [Fact]
    public async Task An_internal_address_is_named_by_its_range_in_french_for_the_user_and_in_german_for_the_help_desk()
    {
        var desk = DeskTexts.For("de");
        var user = UserTexts.For("fr");
        await using var host = await ConversationHost.StartAsync(settings: new Dictionary<string, string?> { ["Tickets:Language"] = "de" });
        await using var team = await HelpdeskTeam.StartAsync(host);

        // A literal private address: refused before any socket.
        await SayAsync(host, "J'ai une erreur 502 sur https://10.1.2.3/wiki", "fr-FR");
        await EscalateAfterTheFirstStepAsync(host, team, user);

        var ticket = Assert.Single(await host.Services.GetRequiredService<IEmbeddedTicketStore>().ListAsync(new EmbeddedTicketQuery(), default));
        var diagnosis = (await host.Services.GetRequiredService<IOutboxStore>().FindByEscalationIdAsync(ticket.CorrelationId, default))!.Request.Diagnosis!;
        var refusal = diagnosis.Findings[^1];
        Assert.Equal((VerdictKind.Refused, FindingKind.RefusedAddress), (diagnosis.Verdict.Kind, refusal.Kind));
        Assert.Equal(["10.0.0.0/8"], refusal.Values!.Names);

        // The user's card names the range in French, the CIDR beside it; the English description is nowhere.
        var forUser = VerdictText.ForUser(diagnosis, user);
        Assert.Contains(user.Catalogue.Get("Range_Private") + " 10.0.0.0/8", forUser, StringComparison.Ordinal);
        var cards = string.Concat(host.Connector.Requests.Where(r => r.Path.StartsWith($"/v3/conversations/{ReporterChat}/", StringComparison.Ordinal)).Select(r => Text(r.Card)));
        Assert.Contains(In(CardText.Literal(forUser, 500)), cards, StringComparison.Ordinal);
        Assert.DoesNotContain("private network", cards, StringComparison.Ordinal);

        // The ticket names it in German.
        var body = Words(ticket.DescriptionMarkdown);
        Assert.Contains(desk.Catalogue.Get("Range_Private") + " 10.0.0.0/8", body, StringComparison.Ordinal);
        Assert.DoesNotContain("private network", body, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Catalogue.Get("Range_Private"), body, StringComparison.Ordinal);
        host.AssertAllCardsValid();
    }

    [Fact]
    public async Task After_the_help_desk_changes_its_language_the_incident_card_words_what_it_stored_in_the_new_one()
    {
        var en = DeskTexts.English;
        var de = DeskTexts.For("de");
        var user = UserTexts.For("de");
        var settings = new Dictionary<string, string?> { ["Tickets:Language"] = "en", ["Incidents:CardDebounce"] = "00:00:00.200" };
        await using var host = await ConversationHost.StartAsync(settings: settings);
        await using var team = await HelpdeskTeam.StartAsync(host);
        await team.AddBotToTeamAsync();
        var (welcome, _, _) = await host.WaitForCardAsync(In(en.WelcomeConnect));
        await team.ClickAsync(welcome, en.WelcomeConnect, HelpdeskTeam.EscalationsChannel);
        var report = user.HelpExamples.Split('\n')[0].TrimStart('-', ' ').Replace("wiki.contoso.com", team.SiteUrl, StringComparison.Ordinal);
        await SayInGermanAsync(host, report);

        // In English: a note, then Resolve while the site still fails (the card asks "resolve anyway?" with the check).
        var card = await IncidentCardAsync(team, In(en.StatusNew));
        card = await team.ClickAsync(card, en.CardAddNote, HelpdeskTeam.EscalationsChannel, inputs: new JsonObject { ["note"] = "Upstream pool drained" });
        card = await team.ClickAsync(card, en.CardResolve, HelpdeskTeam.EscalationsChannel);
        Assert.Contains(In(en.EventNoteAddedBy(HelpdeskTeam.AgentName)), Text(card), StringComparison.Ordinal);
        Assert.Contains(In(en.CardStillFailing), Text(card), StringComparison.Ordinal);

        // The help desk switches to German. A second user's report about the same site redraws the card.
        settings["Tickets:Language"] = "de";
        await host.RestartAsync();
        var second = host.Message(report, "29:lena", "Lena Fischer", "a:personal-lena");
        second["locale"] = "de-DE";
        using var posted = await host.PostAsync(second);

        card = await IncidentCardAsync(team, In(de.CardStillFailing));
        var ticket = Assert.Single(await host.Services.GetRequiredService<IEmbeddedTicketStore>().ListAsync(new EmbeddedTicketQuery(), default));
        var incident = (await host.Services.GetRequiredService<IIncidentStore>().FindByLeadEscalationIdAsync(ticket.CorrelationId, default))!;
        var desk = (await host.Services.GetRequiredService<IHelpdeskStore>().GetAsync(incident.IncidentId, default))!.Desk!;
        var evidence = DeskProbe.Words(desk.ConfirmResolveProbe!, de);
        var check = DeskProbe.Words(desk.LastProbe!, de);
        Assert.NotEqual(DeskProbe.Words(desk.ConfirmResolveProbe!, en), evidence);
        foreach (var expected in new[] { de.EventNoteAddedBy(HelpdeskTeam.AgentName), de.CardStillFailing, evidence, check })
        {
            Assert.Contains(In(CardText.Literal(expected, 300)), Text(card), StringComparison.Ordinal);
        }

        foreach (var english in new[] { en.EventNoteAddedBy(HelpdeskTeam.AgentName), en.CardStillFailing, DeskProbe.Words(desk.ConfirmResolveProbe!, en) })
        {
            Assert.DoesNotContain(In(english), Text(card), StringComparison.Ordinal);
        }

        host.AssertAllCardsValid();
    }

    /// <summary>A ticket's Markdown read back: every heading, paragraph, list item and table cell, a line each, as written.</summary>
    private static string Words(string markdown) => string.Join('\n', MarkdownReader.Read(markdown).Blocks.Select(b => b switch
    {
        DocHeading h => h.Text,
        DocParagraph p => Inline(p.Inlines),
        DocList l => string.Join('\n', l.Items.Select(Inline)),
        DocTable t => string.Join('\n', t.Header.Concat(t.Rows.SelectMany(r => r))),
        _ => string.Empty,
    }));

    private static string Inline(IReadOnlyList<DocInline> inlines) => string.Concat(inlines.Select(i => i switch
    {
        DocText t => t.Text,
        DocLink l => l.Text,
        _ => string.Empty,
    }));

    /// <summary>The user's "Ticket {0} created" up to the number.</summary>
    private static string TicketCreatedPrefix(UserTexts t)
    {
        var text = t.TicketCreated("\u0001");
        return text[..text.IndexOf('\u0001', StringComparison.Ordinal)];
    }

    /// <summary>The German user says the first step did not help, then escalates; returns once their card names the ticket.</summary>
    private static async Task EscalateAfterTheFirstStepAsync(ConversationHost host, HelpdeskTeam team, UserTexts user)
    {
        var (step, stepId, _) = await host.WaitForCardAsync(In(user.AnswerStillBroken));
        var next = (await host.ClickAsync(step, user.AnswerStillBroken, stepId, "29:jonas", "Jonas Weber", ReporterChat))["value"]!;
        await host.ClickAsync(next, user.EscalateNow, stepId, "29:jonas", "Jonas Weber", ReporterChat);
        await team.WaitUntilAsync(rs => rs.Any(r => r.Path.StartsWith($"/v3/conversations/{ReporterChat}/", StringComparison.Ordinal) && Text(r.Card).Contains(In(TicketCreatedPrefix(user) + "HD-"), StringComparison.Ordinal)), "the German user's card naming the ticket");
    }

    private static Task SayInGermanAsync(ConversationHost host, string text) => SayAsync(host, text, "de-DE");

    private static async Task SayAsync(ConversationHost host, string text, string locale)
    {
        var activity = host.Message(text, "29:jonas", "Jonas Weber", ReporterChat);
        activity["locale"] = locale;
        using var _ = await host.PostAsync(activity);
    }

    private static async Task<JsonNode> IncidentCardAsync(HelpdeskTeam team, string containing)
    {
        static bool IsThreadStart(ConnectorRequest r) => r is { Method: "POST", Path: "/v3/conversations" } && (bool?)r.Body?["isGroup"] == true;
        await team.WaitUntilAsync(rs => rs.Any(r => (IsThreadStart(r) ? r.Body?["activity"] : r.Body) is { } b && Text(b).Contains(containing, StringComparison.Ordinal)), "an incident card with " + containing);
        var last = team.Requests(r => IsThreadStart(r) || (r.Method == "PUT" && r.Path.StartsWith($"/v3/conversations/{HelpdeskTeam.EscalationsChannel};messageid=", StringComparison.Ordinal)))[^1];
        var card = (IsThreadStart(last) ? last.Body!["activity"] : last.Body)!["attachments"]![0]!["content"]!;
        team.Host.Record(card);
        return card;
    }
}
