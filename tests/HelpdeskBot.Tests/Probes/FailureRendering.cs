using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Testing;
using HelpdeskBot.Testing.Cards;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tests.Probes;

/// <summary>
/// What the probe-failure tests share: the real probes on loopback, and the check that a diagnosis reaches the user's
/// evidence card (schema-valid) and the help desk's ticket in the reader's words — the catalogues' texts, and in a
/// language other than English neither the probes' English (Error, Detail, Message) nor the English catalogue's text.
/// </summary>
internal static class FailureRendering
{
    public const string Site = "wiki.contoso.test";

    /// <summary>English as the control, German (a decimal comma), Japanese (another script).</summary>
    public static TheoryData<string> Languages => new(LanguageCodes);

    private static string[] LanguageCodes => ["en", "de", "ja"];

    /// <summary>Each of <paramref name="cases"/> in each of <see cref="Languages"/>.</summary>
    public static TheoryData<string, string> InEachLanguage(params string[] cases)
    {
        var data = new TheoryData<string, string>();
        foreach (var name in cases)
        {
            foreach (var language in LanguageCodes)
            {
                data.Add(name, language);
            }
        }

        return data;
    }

    /// <summary>
    /// The real probes, asking only the loopback DNS server, allowed to loopback and to <paramref name="port"/>, on
    /// <paramref name="time"/> when given (a fake clock drives the deadlines).
    /// </summary>
    public static ServiceProvider Probes(string systemResolver, string[] resolvers, int? port = null, TimeProvider? time = null, Action<ProbesOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddHelpdeskBotProbes();
        services.Configure<ProbesOptions>(o =>
        {
            o.Resolvers = resolvers;
            o.SystemResolver = systemResolver;
            o.PerUserPerMinute = 0;
            o.PerTargetPerMinute = 0;
            o.AllowedNetworks = ["127.0.0.0/8"];
            if (port is { } p)
            {
                o.AllowedPorts = [p];
            }

            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<ProbesOptions>>().Value; // validates
        return provider;
    }

    public static Task<Diagnosis> DiagnoseAsync(ServiceProvider probes, string target) =>
        probes.GetRequiredService<IDiagnoser>().DiagnoseAsync(new DiagnosisRequest(target, null, 2), null, CancellationToken.None);

    /// <summary>
    /// The catalogue's text for <paramref name="failure"/>: <c>Failure_&lt;Kind&gt;</c> with its time limit written as the
    /// reader writes a number ("2,5" in German) or with its technical detail.
    /// </summary>
    public static string Text(ProbeFailure failure, TextCatalogue t) =>
        t.Format("Failure_" + failure.Kind, failure.Seconds is { } s ? t.Number(s) : failure.Detail ?? "?");

    /// <summary>
    /// <paramref name="failure"/> in the catalogue's words on the user's card and in the ticket; in German and Japanese,
    /// neither English text for it nor any of the probes' English is left.
    /// </summary>
    public static void AssertFailureWorded(Diagnosis d, string language, ProbeFailure failure) =>
        AssertWorded(d, language, user => [Text(failure, user)], desk => [Text(failure, desk)]);

    /// <summary>
    /// The user's evidence card (in <paramref name="language"/>, schema-valid) and the ticket (help desk in the same
    /// language) hold the expected catalogue texts, and, in German and Japanese, none of the probes' English texts and
    /// none of the English catalogue's texts for the same facts (a reader that fell back to English fails here).
    /// </summary>
    public static void AssertWorded(Diagnosis d, string language, Func<TextCatalogue, IEnumerable<string>> forUser, Func<TextCatalogue, IEnumerable<string>> forDesk)
    {
        var (cardText, ticket) = Render(d, language);
        var user = UserTexts.For(language).Catalogue;
        var desk = DeskTexts.For(language).Catalogue;
        foreach (var expected in forUser(user))
        {
            Assert.Contains(OnCard(expected), cardText, StringComparison.Ordinal);
        }

        foreach (var expected in forDesk(desk))
        {
            Assert.Contains(expected, ticket, StringComparison.Ordinal);
        }

        if (language == TextCatalogue.English)
        {
            return;
        }

        var english = ProbesEnglish(d).ToList();
        Assert.NotEmpty(english);
        foreach (var text in english)
        {
            Assert.DoesNotContain(OnCard(text), cardText, StringComparison.Ordinal);
            Assert.DoesNotContain(text, ticket, StringComparison.Ordinal);
        }

        foreach (var text in forUser(UserTexts.For(TextCatalogue.English).Catalogue).Except(forUser(user)))
        {
            Assert.DoesNotContain(OnCard(text), cardText, StringComparison.Ordinal);
        }

        foreach (var text in forDesk(DeskTexts.For(TextCatalogue.English).Catalogue).Except(forDesk(desk)))
        {
            Assert.DoesNotContain(text, ticket, StringComparison.Ordinal);
        }
    }

    /// <summary>The text of the user's evidence card (checked against the Adaptive Card schema) and of the ticket.</summary>
    public static (string Card, string Ticket) Render(Diagnosis d, string language)
    {
        var card = new AdaptiveCard { Body = [.. EvidenceSection.Build(d, d.Target.Host, UserTexts.For(language))] };
        AdaptiveCardSchema.AssertValid(card);
        var request = TestEscalations.Create("esc-failure") with { Diagnosis = d };
        return (string.Join("\n", CardTexts.Of(card)), PlainTextRenderer.Render(TicketDocumentBuilder.Build(request, DeskTexts.For(language))));
    }

    /// <summary>
    /// The facts (title → value) the user's evidence card (serialized, schema-valid) lists under the heading
    /// <paramref name="heading"/> ("Connection", "Verbindung").
    /// </summary>
    public static Dictionary<string, string> Facts(Diagnosis d, string language, string heading)
    {
        var card = new AdaptiveCard { Body = [.. EvidenceSection.Build(d, d.Target.Host, UserTexts.For(language))] };
        AdaptiveCardSchema.AssertValid(card);
        var evidence = JsonNode.Parse(CardsJsonContext.ToJson(card))!["body"]!.AsArray()
            .Single(e => (string?)e!["id"] == EvidenceSection.EvidenceId)!["items"]!.AsArray();
        var at = evidence.ToList().FindIndex(e => (string?)e!["type"] == "TextBlock" && (string?)e["text"] == heading);
        Assert.True(at >= 0, $"no heading '{heading}' on the evidence card");
        return evidence[at + 1]!["facts"]!.AsArray().ToDictionary(f => (string)f!["title"]!, f => (string)f!["value"]!);
    }

    /// <summary>A text as the card shows it: without the characters Adaptive Card Markdown would read (an underscore inside a word stays: "INTERNAL_ERROR").</summary>
    private static string OnCard(string text) => CardText.Literal(text, int.MaxValue);

    /// <summary>Every English text the probes wrote into the diagnosis for operators.</summary>
    private static IEnumerable<string> ProbesEnglish(Diagnosis d)
    {
        IEnumerable<string?> all =
        [
            d.Verdict.Detail,
            .. d.Dns?.Resolvers.Select(r => r.Error) ?? [],
            .. d.Tcp.Select(t => t.Error),
            d.Tls?.Error,
            .. d.Tls?.ChainErrors ?? [],
            .. d.Http.Select(h => h.Error),
            .. d.Findings.Select(f => f.Values?.Error),
            .. d.Findings.Select(f => f.Message),
        ];
        return all.OfType<string>().Where(s => s.Length > 0).Distinct();
    }
}
