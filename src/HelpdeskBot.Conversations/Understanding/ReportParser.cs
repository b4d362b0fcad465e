using System.Globalization;
using System.Text.RegularExpressions;
using HelpdeskBot.Conversations.Catalog;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// Recognises error reports, commands and small talk in a Teams message. Rule based on purpose: the
/// phrasings are few and known (browser error pages, status lines), every rule is covered by the corpus in
/// the tests, and a wrong guess costs a user a confusing card, so numbers count as status codes only in an
/// error context ("a 502 on …", "HTTP 502", "502 Bad Gateway"), never in "502 unread emails" or phone numbers.
/// </summary>
public sealed partial class ReportParser(ServiceCatalog catalog)
{
    private static readonly HashSet<string> CodeLeadWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "http", "https", "error", "errors", "err", "status", "code", "getting", "get", "gets", "got", "gives", "give",
        "giving", "gave", "returns", "return", "returning", "returned", "see", "seeing", "saw", "shows", "show", "showing", "showed",
        "throws", "throwing", "threw", "hit", "hitting", "keep", "receiving", "received", "receive", "with", "says", "said", "saying",
        "another", "constant", "constantly", "random", "intermittent", "occasional", "still", "me", "just", "only", "of",
    };

    private static readonly HashSet<string> CodeBlockingLeadWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "room", "suite", "floor", "flight", "bus", "route", "ext", "extension", "apartment", "apt", "building", "port", "have", "had",
        "about", "over", "under", "around", "approximately", "nearly", "almost", "number", "no", "#", "page", "chapter", "line", "ticket",
        "order", "invoice", "model", "highway", "hwy", "gate", "desk", "lab",
    };

    private static readonly HashSet<string> CodeTrailWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "error", "errors", "err", "page", "response", "responses", "status", "code", "bad", "gateway", "service", "internal", "proxy",
        "server", "when", "whenever", "while", "trying", "opening", "accessing", "loading", "visiting",
    };

    private static readonly HashSet<string> CodeOnWords = new(StringComparer.OrdinalIgnoreCase) { "on", "from", "at", "for", "in", "with", "again", "now", "today" };

    public MessageUnderstanding Parse(string? rawText)
    {
        var (text, links) = MessageText.Normalize(rawText);
        var command = MatchCommand(text);
        if (command is not null)
        {
            return new MessageUnderstanding(command.Value, ProblemKind.None, null, null, null, ReportScope.Unknown, text);
        }

        var (problem, code) = DetectProblem(text);
        var scope = AllSites().IsMatch(text) ? ReportScope.AllSites : ReportScope.Unknown;
        var (target, service) = FindTarget(text, links);
        if (problem == ProblemKind.None && (target is not null || scope == ReportScope.AllSites) && Unspecified().IsMatch(text))
        {
            problem = ProblemKind.Unspecified;
        }

        if (scope == ReportScope.Unknown && target is not null && problem != ProblemKind.None)
        {
            scope = ReportScope.ThisSite;
        }

        if (problem != ProblemKind.None)
        {
            return new MessageUnderstanding(Intent.Report, problem, code, scope == ReportScope.AllSites && target is null ? null : target, service, scope, text);
        }

        var intent = SmallTalk().IsMatch(text) ? Intent.SmallTalk : Intent.None;
        return new MessageUnderstanding(intent, ProblemKind.None, null, target, service, ReportScope.Unknown, text);
    }

    private static Intent? MatchCommand(string text)
    {
        if (text.Trim() == "?")
        {
            return Intent.Help;
        }

        var t = CommandNoise().Replace(text.ToLowerInvariant(), string.Empty).Trim();
        return t switch
        {
            "help" or "?" or "what can you do" or "how does this work" or "commands" or "menu" => Intent.Help,
            "start over" or "restart" or "reset" or "start again" or "new report" or "begin again" => Intent.StartOver,
            "cancel" or "stop" or "never mind" or "nevermind" or "forget it" or "quit" or "abort" => Intent.Cancel,
            "status" or "my tickets" or "my reports" or "my cases" or "show my tickets" or "ticket status" or "what's the status"
                or "whats the status" or "any update" or "any updates" => Intent.Status,
            _ => null,
        };
    }

    private static (ProblemKind Problem, int? Code) DetectProblem(string text)
    {
        int? code = FindStatusCode(text);
        if (code is null)
        {
            if (BadGateway().IsMatch(text) || ProxyError().IsMatch(text))
            {
                code = 502;
            }
            else if (GatewayTimeout().IsMatch(text))
            {
                code = 504;
            }
            else if (ServiceUnavailable().IsMatch(text))
            {
                code = 503;
            }
            else if (InternalServerError().IsMatch(text))
            {
                code = 500;
            }
        }

        if (code is not null)
        {
            return (ProblemKind.HttpStatus, code);
        }

        if (NameNotResolved().IsMatch(text))
        {
            return (ProblemKind.NameNotResolved, null);
        }

        if (TimedOut().IsMatch(text))
        {
            return (ProblemKind.TimedOut, null);
        }

        if (Unreachable().IsMatch(text))
        {
            return (ProblemKind.Unreachable, null);
        }

        return (ProblemKind.None, null);
    }

    private static int? FindStatusCode(string text)
    {
        if (PhoneNumber().IsMatch(text))
        {
            text = PhoneNumber().Replace(text, " ");
        }

        foreach (Match m in StatusNumber().Matches(text))
        {
            var before = WordsBefore(text, m.Index, 2);
            var after = WordsAfter(text, m.Index + m.Length, 1);
            var prev = before.Count > 0 ? before[^1] : null;
            var next = after.Count > 0 ? after[0] : null;
            if (prev is not null && CodeBlockingLeadWords.Contains(prev))
            {
                continue;
            }

            if (next is not null && CountNoun().IsMatch(next))
            {
                continue;
            }

            var onlyCode = text.Trim().Length == m.Length;
            var lead = before.Any(CodeLeadWords.Contains);
            var trail = next is not null && CodeTrailWords.Contains(next);
            var onTarget = next is not null && CodeOnWords.Contains(next);
            var afterTarget = AfterHostOrColon().IsMatch(text[..m.Index]);
            if (onlyCode || lead || trail || onTarget || afterTarget)
            {
                return int.Parse(m.Groups["code"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static List<string> WordsBefore(string text, int index, int count)
    {
        var words = Word().Matches(text[..index]).Select(w => w.Value).ToList();
        return words.Skip(Math.Max(0, words.Count - count)).ToList();
    }

    private static List<string> WordsAfter(string text, int index, int count)
    {
        var rest = text[index..];
        // Sentence end: "getting 502. Help" — no trailing word counts.
        if (rest.TrimStart().StartsWith('.') || rest.TrimStart().StartsWith('!') || rest.TrimStart().StartsWith('?'))
        {
            return [];
        }

        return Word().Matches(rest).Select(w => w.Value).Take(count).ToList();
    }

    private (string? Target, ServiceEntry? Service) FindTarget(string text, IReadOnlyList<string> links)
    {
        foreach (var link in links)
        {
            if (Uri.TryCreate(link, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
            {
                return (link, catalog.FindByHost(uri.IdnHost));
            }
        }

        var withoutEmails = Email().Replace(text, " ");
        var url = Url().Match(withoutEmails);
        if (url.Success && Uri.TryCreate(url.Value.TrimEnd('.', ',', ')', '!', '?', ';', ':', '\'', '"'), UriKind.Absolute, out var u))
        {
            return (u.OriginalString, catalog.FindByHost(u.IdnHost));
        }

        foreach (Match host in HostName().Matches(withoutEmails))
        {
            var value = host.Value.TrimEnd('.', ',', ')', '!', '?', ';', ':', '/');
            var tld = value.Split('/')[0].Split(':')[0].Split('.')[^1];
            if (FileExtension().IsMatch(tld))
            {
                continue;
            }

            var hostOnly = value.Split('/')[0].Split(':')[0];
            return (value, catalog.FindByHost(hostOnly));
        }

        var ip = IPv4().Match(withoutEmails);
        if (ip.Success)
        {
            return (ip.Value, null);
        }

        var service = catalog.FindInText(text);
        return service is null ? (null, null) : (service.Url ?? service.Host, service);
    }

    [GeneratedRegex("[!.?,;:]|\\bplease\\b|\\bpls\\b|^\\s*(hey|hi|ok|okay)\\s+|\\s+(bot|now)\\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CommandNoise();

    [GeneratedRegex("(?<![\\w$€£.#/:-])(?<code>5\\d\\d)(s|'s)?(?![\\w%]|[.,]\\d|-\\d)", RegexOptions.CultureInvariant)]
    private static partial Regex StatusNumber();

    // "wiki.contoso.com 502", "HR portal: 502".
    [GeneratedRegex("(\\.[a-z]{2,63}/?|:)\\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AfterHostOrColon();

    [GeneratedRegex("\\+?\\(?\\d{3}\\)?[-. ]\\d{3}[-. ]\\d{4}\\b", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();

    [GeneratedRegex("^(unread|e-?mails?|messages?|items?|files?|people|persons|users|employees|dollars|euros|pounds|usd|eur|km|kms|miles|mi|calories|kcal|points|pts|words|pages|rows|records|tickets|days|hours|minutes|mins|seconds|secs|ms|times|steps|likes|followers|views|votes|GB|MB|KB|TB|kg|lbs|members|photos|notifications|new)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountNoun();

    [GeneratedRegex("[\\w'#]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex("\\bbad\\s+gateway\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BadGateway();

    [GeneratedRegex("\\bproxy\\s+error\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProxyError();

    [GeneratedRegex("\\bgateway\\s+time-?\\s?out\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GatewayTimeout();

    [GeneratedRegex("\\bservice\\s+(temporarily\\s+)?unavailable\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ServiceUnavailable();

    [GeneratedRegex("\\binternal\\s+server\\s+error\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InternalServerError();

    [GeneratedRegex("ERR_NAME_NOT_RESOLVED|DNS_PROBE_\\w+|\\bNXDOMAIN\\b|server\\s+ip\\s+address\\s+could\\s?n[o']t\\s+be\\s+found|\\bserver\\s+not\\s+found\\b|\\bdns\\s+(error|failure|problem|issue)s?\\b|\\b(could\\s?n[o']t|can'?t|cannot|unable\\s+to|does\\s?n[o']t)\\s+resolve\\b|\\bname\\s+not\\s+resolved\\b|\\bhmm\\W+we\\s+can'?t\\s+find\\s+this\\s+(site|page)\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameNotResolved();

    [GeneratedRegex("ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT|\\btimed?\\s?-?out\\b|\\btiming\\s+out\\b|\\btimes\\s+out\\b|\\btook\\s+too\\s+long\\s+to\\s+respond\\b|\\btaking\\s+too\\s+long\\s+to\\s+respond\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimedOut();

    [GeneratedRegex("\\b(can'?t|cannot|can\\s+not|could\\s?n[o']t|unable\\s+to)\\s+(be\\s+)?reach(ed)?\\b|\\bunreachable\\b|\\bnot\\s+reachable\\b|ERR_CONNECTION_(REFUSED|RESET|CLOSED)|ERR_ADDRESS_UNREACHABLE|\\brefused\\s+to\\s+connect\\b|\\bconnection\\s+(was\\s+)?(refused|reset)\\b|\\bcan'?t\\s+connect\\s+to\\b|\\bunable\\s+to\\s+connect\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Unreachable();

    [GeneratedRegex("\\b(is|are|was|seems|looks)\\s+(down|broken|dead|offline)\\b|\\bdown\\s+for\\s+(me|us|everyone)\\b|\\b(won'?t|doesn'?t|does\\s+not|will\\s+not|isn'?t|is\\s+not|not)\\s+(load|loading|open|opening|work|working)\\b|\\bcan'?t\\s+(open|load|get\\s+to|access)\\b|\\bcannot\\s+(open|load|access)\\b|\\b(please\\s+)?(check|test|probe|look\\s+at)\\b|\\berrors?\\b|\\bnot\\s+responding\\b|\\bnothing\\s+(loads|works|opens)\\b|\\bdown\\b(?!load)|\\bkeeps?\\s+failing\\b|\\bfails?\\s+to\\s+load\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Unspecified();

    [GeneratedRegex("\\b(every|all|any)\\s+(single\\s+)?(web\\s?)?(sites?|pages?|urls?|websites?)\\b|\\b(no|none\\s+of\\s+the)\\s+(web\\s?)?(sites?|websites?|pages?)\\b|\\bthe\\s+(whole|entire)\\s+(internet|web)\\b|\\b(the\\s+)?internet\\s+is\\s+(down|broken|not\\s+working)\\b|\\beverything\\s+(gives|shows|returns|is|fails|says)\\b|\\bnothing\\s+(loads|works|opens)\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllSites();

    [GeneratedRegex("^(hi|hello|hey|hiya|yo|good\\s+(morning|afternoon|evening)|thanks|thank\\s+you|thx|ty|cheers|ok|okay|cool|great|bye|goodbye|see\\s+you|how\\s+are\\s+you|who\\s+are\\s+you|lol|nice|awesome)\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SmallTalk();

    [GeneratedRegex("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex("https?://[^\\s<>\"']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex("(?<![\\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{1,62}(?::\\d{1,5})?(?:/[^\\s<>\"']*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    [GeneratedRegex("^(pdf|docx?|xlsx?|pptx?|txt|csv|exe|msi|zip|png|jpe?g|gif|log|json|xml|yaml|yml|md|js|ts|cs|py|dll|mp4|mov|eg|ie|etc)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileExtension();

    [GeneratedRegex("\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?::\\d{1,5})?\\b", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();
}
