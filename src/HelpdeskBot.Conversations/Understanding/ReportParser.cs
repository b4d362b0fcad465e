using HelpdeskBot.Conversations.Catalog;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// Recognises error reports, commands, questions and small talk in a Teams message. Rule based on purpose: the
/// phrasings are known (browser error pages, status lines, how people write in chat), every rule is measured on the
/// corpus in the tests (docs/benchmarks.md, "Understanding"), and a wrong guess costs a user a confusing card.
/// Cost is linear in the message and capped: at most <see cref="MessageText.MaxTextLength"/> characters of plain
/// text are read, each word is looked at a bounded number of times, and every pattern is non-backtracking.
/// </summary>
public sealed class ReportParser(ServiceCatalog catalog)
{
    /// <summary>Plain-text characters of a message that are read; the rest is ignored (see <see cref="MessageText.MaxTextLength"/>).</summary>
    public const int MaxTextLength = MessageText.MaxTextLength;

    // Words that put a sentence about a web page or service: then a number in it reads as a status code wherever it stands.
    private static readonly HashSet<string> WebWords = new(StringComparer.Ordinal)
    {
        "site", "sites", "website", "websites", "webpage", "webpages", "web", "url", "urls", "link", "links", "portal", "portals",
        "browser", "chrome", "edge", "firefox", "safari", "intranet", "login", "http", "https", "www", "app", "webapp", "api", "endpoint",
        "server", "gateway", "proxy", "dashboard", "sharepoint", "outlook", "onedrive", "jira", "confluence", "servicenow", "salesforce",
        "workday", "github", "gitlab", "jenkins", "grafana", "kibana", "page", "homepage", "cdn", "loading", "load", "loads", "signin",
    };

    // Things that are not web pages: a sentence about them and nothing web-like starts no flow, whatever numbers it holds.
    private static readonly HashSet<string> NonWebThings = new(StringComparer.Ordinal)
    {
        "printer", "printers", "scanner", "copier", "photocopier", "fax", "projector", "microwave", "fridge", "dishwasher", "tv",
        "television", "car", "thermostat", "elevator", "lift", "exam", "quiz", "score", "coffee", "kettle", "toaster", "oven", "washer",
        "dryer", "treadmill", "bike", "flight", "train", "bus", "parking", "invoice", "budget", "headcount", "salary", "pension",
    };

    // Two-word things that are not web pages ("my desk phone shows error 503").
    private static readonly HashSet<(string, string)> NonWebPairs =
    [
        ("desk", "phone"), ("coffee", "machine"), ("vending", "machine"), ("badge", "reader"), ("card", "reader"), ("door", "lock"),
        ("voip", "phone"), ("conference", "phone"), ("ip", "phone"),
    ];

    public MessageUnderstanding Parse(string? rawText)
    {
        var (text, links) = MessageText.Normalize(rawText);
        if (MatchCommand(text) is { } command)
        {
            return new MessageUnderstanding(command, ProblemKind.None, null, null, null, ReportScope.Unknown, text);
        }

        var words = Words.Of(text);
        var found = TargetFinder.Find(text, words, links, catalog);
        var page = ErrorPages.Recognise(words);
        var scope = Phrases.AllSites.IsMatch(text) ? ReportScope.AllSites : ReportScope.Unknown;
        var web = found.Target is not null || scope == ReportScope.AllSites || page.Product is not null || words.Any(WebWords);
        if (!web && (words.Any(NonWebThings) || NamesNonWebThing(words)))
        {
            // "Thanks, the printer works again" is still thanks.
            return new MessageUnderstanding(Phrases.SmallTalk.IsMatch(text) ? Intent.SmallTalk : Intent.None, ProblemKind.None, null, null, null, ReportScope.Unknown, text);
        }

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
