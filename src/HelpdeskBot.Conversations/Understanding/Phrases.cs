using System.Text.RegularExpressions;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// The phrases people and browsers use for a failure. Every pattern runs with <see cref="RegexOptions.NonBacktracking"/>:
/// matching is linear in the text whatever it holds, so no pattern can backtrack or time out into an exception.
/// Browser error strings stand on their own; generic words ("can't reach", "timed out") count only in a sentence
/// about a web page or service, so "I can't reach John" and "my VPN keeps timing out" start nothing.
/// </summary>
internal static class Phrases
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    public static readonly Regex BadGateway = new("\\bbad[\\s_-]*gateway\\b|\\bproxy\\s+error\\b", Options);

    public static readonly Regex GatewayTimeout = new("\\bgateway\\s+time-?\\s?out\\b", Options);

    public static readonly Regex ServiceUnavailable = new("\\bservice\\s+(is\\s+)?(temporarily\\s+)?unavailable\\b", Options);

    public static readonly Regex InternalServerError = new("\\binternal\\s+server\\s+error\\b", Options);

    /// <summary>Words of a browser's or resolver's own error page.</summary>
    public static readonly Regex BrowserNameNotResolved = new(
        "ERR_NAME_NOT_RESOLVED|DNS_PROBE_\\w+|\\bNXDOMAIN\\b|server\\s+ip\\s+address\\s+could\\s?n[o']t\\s+be\\s+found|\\bhmm\\W+we\\s+can'?t\\s+find\\s+this\\s+(site|page)\\b|\\bwe\\s+can'?t\\s+connect\\s+to\\s+the\\s+server\\s+at\\b",
        Options);

    public static readonly Regex NameNotResolved = new(
        "\\bserver\\s+not\\s+found\\b|\\bdns\\s+(error|failure|problem|issue|lookup\\s+failed)s?\\b|\\b(could\\s?n[o']t|can'?t|cannot|unable\\s+to|does\\s?n[o']t|won'?t|fails?\\s+to)\\s+resolve\\b|\\bname\\s+not\\s+resolved\\b|\\bnot\\s+resolving\\b|\\bdoes\\s?n[o']t\\s+resolve\\b",
        Options);

    public static readonly Regex BrowserTimedOut = new("ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT|\\btook\\s+too\\s+long\\s+to\\s+respond\\b|\\btaking\\s+too\\s+long\\s+to\\s+respond\\b", Options);

    public static readonly Regex TimedOut = new("\\btimed?\\s?-?out\\b|\\btiming\\s+out\\b|\\btimes\\s+out\\b|\\btime\\s?outs\\b", Options);

    public static readonly Regex BrowserUnreachable = new(
        "ERR_CONNECTION_(REFUSED|RESET|CLOSED)|ERR_ADDRESS_UNREACHABLE|ERR_CONNECTION_FAILED|\\brefused\\s+to\\s+connect\\b|\\bthis\\s+site\\s+can'?t\\s+be\\s+reached\\b|\\bunable\\s+to\\s+connect\\b.{0,40}\\bfirefox\\b",
        Options);

    public static readonly Regex Unreachable = new(
        "\\b(can'?t|cannot|can\\s+not|could\\s?n[o']t|unable\\s+to)\\s+(be\\s+)?reach(ed)?\\b|\\bunreachable\\b|\\bnot\\s+reachable\\b|\\bconnection\\s+(was\\s+)?(refused|reset|closed|failed)\\b|\\b(can'?t|cannot|could\\s?n[o']t)\\s+connect\\s+to\\b|\\bunable\\s+to\\s+connect\\b|\\bwon'?t\\s+connect\\b",
        Options);

    /// <summary>"X is down", "X isn't loading": a problem without a symptom (counted only with a site named or every site failing).</summary>
    public static readonly Regex Unspecified = new(
        "\\b(is|are|was|seems|looks|went|goes|gone)\\s+(down|broken|dead|offline)\\b|\\bdown\\s+for\\s+(me|us|everyone)\\b|\\b(won'?t|wont|doesn'?t|doesnt|does\\s+not|will\\s+not|isn'?t|isnt|is\\s+not|not|never)\\s+(load|loading|open|opening|work|working|respond|responding|come\\s+up)\\b|\\b(can'?t|cant|cannot|can\\s+not|unable\\s+to)\\s+(open|load|get\\s+to|access|log\\s?in|sign\\s+in|use)\\b|\\b(please\\s+)?(check|test|probe|look\\s+at)\\b|\\berrors?\\b|\\bnot\\s+responding\\b|\\b(no|none\\s+of\\s+the)\\s+(web\\s?)?(sites?|websites?|pages?)\\s+(\\w+\\s+)?(loads?|loading|works?|working|opens?|opening)\\b|\\bnothing\\s+(is\\s+)?(loads?|loading|works?|working|opens?|opening)\\b|\\bno\\s+internet\\b|\\bdown\\b|\\bkeeps?\\s+failing\\b|\\bfails?\\s+to\\s+load\\b|\\bbroken\\b|\\bblank\\s+(page|screen)\\b|\\bspin(s|ning)?\\b|\\bhangs?\\b|\\bcrash(es|ed|ing)?\\b",
        Options);

    public static readonly Regex AllSites = new(
        "\\b(every|all|any)\\s+(single\\s+)?(web\\s?)?(sites?|pages?|urls?|websites?)\\b|\\b(no|none\\s+of\\s+the)\\s+(web\\s?)?(sites?|websites?|pages?)\\b|\\bthe\\s+(whole|entire)\\s+(internet|web)\\b|\\b(the\\s+)?internet\\s+(is|seems|looks)\\s+(down|broken|not\\s+working|dead)\\b|\\binternet\\s+(down|not\\s+working)\\b|\\beverything\\s+(gives|shows|returns|is|fails|says)\\b|\\bnothing\\s+(is\\s+)?(loads?|loading|works?|working|opens?|opening)\\b|\\bno\\s+internet\\b|\\b(web\\s?)?(sites|pages|websites)\\s+(won'?t|don'?t|aren'?t|are\\s+not|do\\s+not)\\s+(load|work|open)",
        Options);

    /// <summary>"What does 502 mean?", "what's a 504", "explain error 503": a question about a code, not a report.</summary>
    public static readonly Regex MeaningQuestion = new(
        "\\b(mean|means|meaning|meant|stand\\s+for|stands\\s+for|explain|definition\\s+of|difference\\s+between)\\b|\\bwhat('?s|\\s+is|\\s+are)\\s+(an?\\s+|the\\s+)?(http\\s+|error\\s+|status\\s+)?(code\\s+)?[45]\\d\\d\\b",
        Options);

    public static readonly Regex SmallTalk = new(
        "^(hi|hello|hey|hiya|yo|good\\s+(morning|afternoon|evening)|thanks|thank\\s+you|thx|ty|cheers|ok|okay|cool|great|bye|goodbye|see\\s+you|how\\s+are\\s+you|who\\s+are\\s+you|lol|nice|awesome)\\b",
        Options);

    /// <summary>Punctuation, "please" and greetings around a command ("Start over please", "hey bot, help").</summary>
    public static readonly Regex CommandNoise = new("[!.?,;:]|\\bplease\\b|\\bpls\\b|^\\s*(hey|hi|ok|okay)\\s+|\\s+(bot|now)\\s*$", Options);
}
