using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// Recognises error reports, commands, questions and small talk in a Teams message. Rule based on purpose: the
/// phrasings are known (browser error pages, status lines, how people write in chat), every rule is measured on the
/// corpus in the tests (docs/benchmarks.md, "Understanding"), and a wrong guess costs a user a confusing card.
/// It reads the turn's <see cref="TurnText"/> (Protocol has removed the bot's mention and the HTML, and collected the
/// links). Cost is linear in the message and capped: at most <see cref="MaxTextLength"/> characters of plain text are
/// read, each word is looked at a bounded number of times, and every pattern is non-backtracking.
/// </summary>
internal sealed class ReportParser(ServiceCatalog catalog)
{
    /// <summary>Plain-text characters of a message that are read; the rest is ignored (see <see cref="TurnText.MaxLength"/>).</summary>
    public const int MaxTextLength = TurnText.MaxLength;

    private static readonly System.Buffers.SearchValues<char> TypographicQuotes = System.Buffers.SearchValues.Create("\u2019\u2018\u02BC\u201C\u201D");

    // Words that put a sentence about a web page or service: then a number in it reads as a status code wherever it stands.
    private static readonly HashSet<string> WebWords = new(StringComparer.Ordinal)
    {
        "site", "sites", "website", "websites", "webpage", "webpages", "web", "url", "urls", "link", "links", "portal", "portals",
        "browser", "chrome", "edge", "firefox", "safari", "intranet", "login", "http", "https", "www", "app", "webapp", "api", "endpoint",
        "server", "gateway", "proxy", "dashboard", "sharepoint", "outlook", "onedrive", "jira", "confluence", "servicenow", "salesforce",
        "workday", "github", "gitlab", "jenkins", "grafana", "kibana", "page", "homepage", "cdn", "loading", "load", "loads", "signin",
        // The other shipped languages' words for the same ("Seite", "navigateur", "página").
        "seite", "seiten", "webseite", "webseiten", "internetseite", "navigateur", "portail", "pages", "sitio", "sitios", "página", "páginas",
        "navegador", "portal", "sites",
    };

    // Things that are not web pages: a sentence about them and nothing web-like starts no flow, whatever numbers it holds.
    private static readonly HashSet<string> NonWebThings = new(StringComparer.Ordinal)
    {
        "printer", "printers", "scanner", "copier", "photocopier", "fax", "projector", "microwave", "fridge", "dishwasher", "tv",
        "television", "car", "thermostat", "elevator", "lift", "exam", "quiz", "score", "coffee", "kettle", "toaster", "oven", "washer",
        "dryer", "treadmill", "bike", "flight", "train", "bus", "parking", "invoice", "budget", "headcount", "salary", "pension",
        "drucker", "kaffeemaschine", "beamer", "imprimante", "projecteur", "impresora", "cafetera", "proyector", "impressora", "projetor",
        "l'imprimante",
    };

    // Two-word things that are not web pages ("my desk phone shows error 503").
    private static readonly HashSet<(string, string)> NonWebPairs =
    [
        ("desk", "phone"), ("coffee", "machine"), ("vending", "machine"), ("badge", "reader"), ("card", "reader"), ("door", "lock"),
        ("voip", "phone"), ("conference", "phone"), ("ip", "phone"),
    ];

    /// <summary>Text that is not a turn's (a card's text input), read into a <see cref="TurnText"/> first.</summary>
    public MessageUnderstanding Parse(string? text) => Parse(TurnText.Of(text));

    public MessageUnderstanding Parse(TurnText message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = Readable(message.Plain);
        var links = message.Links;
        if (MatchCommand(text) is { } command)
        {
            return new MessageUnderstanding(command, ProblemKind.None, null, null, null, ReportScope.Unknown, text);
        }

        var words = Words.Of(text);
        var found = TargetFinder.Find(text, words, links, catalog);
        var page = ErrorPages.Recognise(words);
        var scope = Phrases.AllSites.IsMatch(text) ? ReportScope.AllSites : ReportScope.Unknown;
        var web = found.Target is not null || scope == ReportScope.AllSites || page.Product is not null || words.Any(WebWords) || Phrases.CjkWebWords.IsMatch(text);
        if (!web && (words.Any(NonWebThings) || NamesNonWebThing(words) || Phrases.CjkNonWebThings.IsMatch(text)))
        {
            // "Thanks, the printer works again" is still thanks.
            return new MessageUnderstanding(Phrases.SmallTalk.IsMatch(text) ? Intent.SmallTalk : Intent.None, ProblemKind.None, null, null, null, ReportScope.Unknown, text);
        }

        // "Fehler 502", "502 エラー": an error code even without a site or a web word (a printer's "Fehler 502" stopped above).
        web = web || Phrases.ErrorCode.IsMatch(text);

        if (found.Target is null && Phrases.MeaningQuestion.IsMatch(text) && (ExplainedCode(words) ?? PhraseCode(text)) is { } asked)
        {
            return new MessageUnderstanding(Intent.Explain, ProblemKind.HttpStatus, asked, null, null, ReportScope.Unknown, text) { ReportedProduct = page.Product };
        }

        var (problem, code) = DetectProblem(text, words, web, page);
        if (problem == ProblemKind.None && (found.Target is not null || scope == ReportScope.AllSites) && Phrases.Unspecified.IsMatch(text))
        {
            problem = ProblemKind.Unspecified;
        }

        if (scope == ReportScope.Unknown && found.Target is not null && problem != ProblemKind.None)
        {
            scope = ReportScope.ThisSite;
        }

        if (problem != ProblemKind.None)
        {
            var target = scope == ReportScope.AllSites && found.Target is null ? null : found.Target;
            return new MessageUnderstanding(Intent.Report, problem, code, target, found.Service, scope, text) { ReportedProduct = page.Product };
        }

        var intent = Phrases.SmallTalk.IsMatch(text) ? Intent.SmallTalk : Intent.None;
        return new MessageUnderstanding(intent, ProblemKind.None, null, found.Target, found.Service, ReportScope.Unknown, text)
        {
            TargetOnly = found.Target is not null && found.OnlyTarget,
        };
    }

    /// <summary>
    /// The words as the rules read them, in one pass over at most <see cref="MaxTextLength"/> characters: typographic
    /// quotes made plain ("I’m" is "I'm"), and a space between Japanese script and Latin letters or digits, because
    /// Japanese writes a site or a code straight against its words ("wiki.contoso.comで502エラー") and the site and the
    /// code must be found as in any other language. A text with neither comes back as it is.
    /// </summary>
    private static string Readable(string text)
    {
        var span = text.AsSpan(0, Math.Min(text.Length, MaxTextLength));
        if (!span.ContainsAny(TypographicQuotes) && !Words.ContainsCjk(span))
        {
            return span.Length == text.Length ? text : span.ToString();
        }

        var sb = new System.Text.StringBuilder(span.Length + 8);
        for (var i = 0; i < span.Length; i++)
        {
            if (i > 0 && Words.IsCjk(span[i]) != Words.IsCjk(span[i - 1]) && char.IsAsciiLetterOrDigit(Words.IsCjk(span[i]) ? span[i - 1] : span[i]))
            {
                sb.Append(' ');
            }

            sb.Append(span[i] switch
            {
                '\u2019' or '\u2018' or '\u02BC' => '\'',
                '\u201C' or '\u201D' => '"',
                var c => c,
            });
        }

        return sb.ToString();
    }

    private static bool NamesNonWebThing(Words words)
    {
        for (var i = 1; i < words.Count; i++)
        {
            if (NonWebPairs.Contains((words[i - 1].Lower, words[i].Lower)))
            {
                return true;
            }
        }

        return false;
    }

    private static Intent? MatchCommand(string text)
    {
        // Commands are a few words; a long message is never one, and is not run through the noise pattern.
        if (text.Length > 64)
        {
            return null;
        }

        if (text.Trim() == "?")
        {
            return Intent.Help;
        }

        var t = Phrases.CommandNoise.Replace(text.ToLowerInvariant(), string.Empty).Trim();
        return t switch
        {
            "help" or "help me" or "?" or "what can you do" or "how does this work" or "commands" or "menu"
                or "hilfe" or "befehle" or "aide" or "ayuda" or "ajuda" or "ヘルプ" or "使い方" => Intent.Help,
            "start over" or "restart" or "reset" or "start again" or "new report" or "begin again"
                or "neu anfangen" or "von vorn" or "von vorne" or "neustart" or "recommencer" or "reprendre à zéro" or "empezar de nuevo"
                or "volver a empezar" or "recomeçar" or "começar de novo" or "最初から" or "やり直し" => Intent.StartOver,
            "cancel" or "cancel that" or "cancel it" or "stop" or "never mind" or "nevermind" or "forget it" or "quit" or "abort"
                or "abbrechen" or "stopp" or "vergiss es" or "annuler" or "cancelar" or "キャンセル" or "中止" => Intent.Cancel,
            "status" or "my tickets" or "my reports" or "my cases" or "show my tickets" or "ticket status" or "what's the status"
                or "whats the status" or "any update" or "any updates" or "meine tickets" or "meine meldungen" or "statut" or "mes tickets"
                or "estado" or "mis tickets" or "meus chamados" or "状況" or "ステータス" => Intent.Status,
            "language" or "languages" or "change language" or "set language" or "switch language" or "sprache" or "sprache ändern"
                or "langue" or "changer de langue" or "changer la langue" or "idioma" or "cambiar idioma" or "cambiar el idioma"
                or "mudar idioma" or "mudar o idioma" or "alterar idioma" or "língua" or "言語" or "言語設定" or "言語を変更" => Intent.Language,
            _ => null,
        };
    }

    private static (ProblemKind Problem, int? Code) DetectProblem(string text, Words words, bool web, ErrorPages.Recognition page)
    {
        // An explicit code wins over every word about the site being down, slow or unreachable.
        if ((StatusCodeReader.Find(words, web) ?? PhraseCode(text) ?? page.ImpliedStatus) is { } code)
        {
            return (ProblemKind.HttpStatus, code);
        }

        if (Phrases.BrowserNameNotResolved.IsMatch(text) || (web && Phrases.NameNotResolved.IsMatch(text)))
        {
            return (ProblemKind.NameNotResolved, null);
        }

        if (Phrases.BrowserTimedOut.IsMatch(text) || (web && Phrases.TimedOut.IsMatch(text)))
        {
            return (ProblemKind.TimedOut, null);
        }

        if (Phrases.BrowserUnreachable.IsMatch(text) || (web && Phrases.Unreachable.IsMatch(text)))
        {
            return (ProblemKind.Unreachable, null);
        }

        return (page.IsErrorPage ? ProblemKind.Unspecified : ProblemKind.None, null);
    }

    /// <summary>The status a reason phrase stands for when no number is given ("bad gateway" is a 502).</summary>
    private static int? PhraseCode(string text) =>
        Phrases.BadGateway.IsMatch(text) ? 502
        : Phrases.GatewayTimeout.IsMatch(text) ? 504
        : Phrases.ServiceUnavailable.IsMatch(text) ? 503
        : Phrases.InternalServerError.IsMatch(text) ? 500
        : null;

    /// <summary>The first 4xx or 5xx number of a question about codes ("what does 502 mean?").</summary>
    private static int? ExplainedCode(Words words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (StatusCodeReader.CodeAt(words, i, 0) is { } code)
            {
                return code;
            }
        }

        return null;
    }
}
