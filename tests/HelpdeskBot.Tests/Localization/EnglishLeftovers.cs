using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Tests.Localization;

/// <summary>
/// Finds English in what was rendered for a reader of another language, by vocabulary rather than by a list of
/// strings: a word of the English catalogues, the English runbooks or the probes' English texts that the reader's own
/// catalogues and runbooks never use, and that is not part of the data the shapes were built from (host names,
/// products, headers, people). Also a wire name the probes store ("nxdomain", "connect-refused", "direct") written as
/// such, unless the reader's texts use that very word. Text in code font (the ticket's codes) is not read.
/// </summary>
internal sealed partial class EnglishLeftovers
{
    private readonly HashSet<string> _english;
    private readonly HashSet<string> _allowed;
    private readonly List<string> _data;
    private readonly List<Regex> _wire;

    /// <param name="probesEnglish">The English texts the shapes carry for operators (Error, Message, Detail…).</param>
    /// <param name="data">What the shapes name that is no sentence: hosts, products, headers, people, ticket numbers.</param>
    public EnglishLeftovers(string language, RunbookCatalog runbooks, IEnumerable<string> probesEnglish, IEnumerable<string> data)
    {
        var englishTexts = UserTexts.English.All.Values.Concat(DeskTexts.English.Catalogue.All.Values).Concat(RunbookTexts(runbooks, TextCatalogue.English)).Concat(probesEnglish);
        var nativeTexts = UserTexts.For(language).All.Values.Concat(DeskTexts.For(language).Catalogue.All.Values).Concat(RunbookTexts(runbooks, language)).ToList();
        var native = Words(nativeTexts).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _data = [.. data.OrderByDescending(d => d.Length)];
        _allowed = Words(_data).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _english = Words(englishTexts).Where(w => !native.Contains(w)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var nativeExact = Words(nativeTexts).ToHashSet(StringComparer.Ordinal);
        _wire = WireWords().Where(w => w.Length >= 4 && !nativeExact.Contains(w)).Select(w => new Regex($"(?<![\\w.-]){Regex.Escape(w)}(?![\\w-])", RegexOptions.CultureInvariant)).ToList();
    }

    /// <summary>The English words and wire names in <paramref name="text"/>.</summary>
    public IEnumerable<string> In(string text)
    {
        text = CardFunction().Replace(text, " "); // {{DATE(…)}} {{TIME(…)}}: the Teams client writes them in the reader's format
        text = _data.Aggregate(text, (t, d) => t.Replace(d, " ", StringComparison.Ordinal)); // a page title may hold a wire word
        foreach (var word in Words([text]).Where(w => _english.Contains(w) && !_allowed.Contains(w)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            yield return word;
        }

        foreach (var wire in _wire.Where(r => r.IsMatch(text)))
        {
            yield return wire.Match(text).Value;
        }
    }

    /// <summary>Every text of a card its reader sees (texts, titles, facts, labels, placeholders, the fallback text), not its data.</summary>
    public static IEnumerable<string> CardTexts(AdaptiveCard card) => Walk(JsonNode.Parse(CardsJsonContext.ToElement(card).GetRawText()), parent: null);

    /// <summary>Every text of a ticket but what is in code font (the finding codes, the escalation and case ids).</summary>
    public static IEnumerable<string> DocumentTexts(TicketDocument document)
    {
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DocHeading h:
                    yield return h.Text;
                    break;
                case DocParagraph p:
                    yield return Inlines(p.Inlines);
                    break;
                case DocList l:
                    foreach (var item in l.Items)
                    {
                        yield return Inlines(item);
                    }

                    break;
                case DocTable table:
                    yield return string.Join(" | ", table.Header);
                    foreach (var row in table.Rows)
                    {
                        yield return string.Join(" | ", row);
                    }

                    break;
            }
        }
    }

    private static string Inlines(IReadOnlyList<DocInline> inlines) => string.Concat(inlines.Select(i => i switch
    {
        DocText { Code: true } => " ",
        DocText t => t.Text,
        DocLink l => l.Text,
        _ => string.Empty,
    }));

    private static IEnumerable<string> Walk(JsonNode? node, string? parent)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    // A choice's value and an input's value are keys the client sends back; the data and msteams parts are not shown.
                    var shown = key is "text" or "title" or "fallbackText" or "placeholder" or "label" or "errorMessage" or "altText"
                        || (key == "value" && parent == "facts");
                    if (shown && value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        yield return s;
                    }

                    if (key is "data" or "msteams")
                    {
                        continue;
                    }

                    foreach (var inner in Walk(value, key))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                foreach (var inner in a.SelectMany(x => Walk(x, parent)))
                {
                    yield return inner;
                }

                break;
        }
    }

    /// <summary>Every text of every runbook in <paramref name="language"/>: titles, summaries, steps, each platform's instructions, answers.</summary>
    private static IEnumerable<string> RunbookTexts(RunbookCatalog runbooks, string language) =>
        runbooks.Runbooks.Select(r => r.In(language)).SelectMany(r => new[] { r.Title, r.Summary ?? string.Empty }
            .Concat(r.Steps.SelectMany(s => new[] { s.Title }.Concat(s.Instructions.Values).Concat(s.Answers.Select(a => a.Title)))));

    /// <summary>The names the probes store their facts by, and an attempt's route.</summary>
    private static IEnumerable<string> WireWords() =>
        Names<ResolverOutcome>().Concat(Names<TcpOutcome>()).Concat(Names<HopRole>()).Concat(Names<FailureKind>()).Concat(Names<RedirectRefusal>())
            .Concat(Names<TargetProblem>()).Concat(Names<TlsIssue>()).Concat(Names<FindingSeverity>()).Concat(["direct", "proxy"]).Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> Names<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(v => WireNames.Of(v));

    /// <summary>Latin words of three letters or more (the Latin words inside a Japanese sentence too).</summary>
    private static IEnumerable<string> Words(IEnumerable<string> texts) => texts.SelectMany(t => Word().Matches(t).Select(m => m.Value));

    [GeneratedRegex(@"\{\{(DATE|TIME)\([^)]*\)\}\}")]
    private static partial Regex CardFunction();

    [GeneratedRegex("[A-Za-z\u00C0-\u024F]{3,}")]
    private static partial Regex Word();
}
