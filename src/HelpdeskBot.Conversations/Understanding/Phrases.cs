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
        "\\bserver\\s+not\\s+found\\b|\\bdns\\s+(error|failure|problem|issue|lookup\\s+failed)s?\\b|\\b(could\\s?n[o']t|can'?t|cannot|unable\\s+to|does\\s?n[o']t|won'?t|fails?\\s+to)\\s+resolve\\b|\\bname\\s+not\\s+resolved\\b|\\bnot\\s+resolving\\b|\\bdoes\\s?n[o']t\\s+resolve\\b|\\bserver\\s+nicht\\s+gefunden\\b|\\bdns-?fehler\\b|\\bip-adresse\\b.{0,60}\\bnicht\\s+gefunden\\b|\\bnicht\\s+auflösen\\b|\\bserveur\\s+introuvable\\b|\\berreur\\s+dns\\b|\\badresse\\s+ip\\b.{0,60}\\bintrouvable\\b|\\bimpossible\\s+de\\s+résoudre\\b|\\bno\\s+se\\s+encuentra\\s+el\\s+servidor\\b|\\berror\\s+de\\s+dns\\b|\\bno\\s+se\\s+ha\\s+encontrado\\s+la\\s+dirección\\s+ip\\b|\\bno\\s+se\\s+puede\\s+resolver\\b|\\bservidor\\s+não\\s+encontrado\\b|\\berro\\s+de\\s+dns\\b|\\bendereço\\s+ip\\b.{0,60}\\bnão\\s+foi\\s+encontrado\\b|\\bnão\\s+consigo\\s+resolver\\b|サーバーが見つかりません|dns\\s?エラー|ip\\s?アドレスが見つかりません|名前解決",
        Options);

    public static readonly Regex BrowserTimedOut = new("ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT|\\btook\\s+too\\s+long\\s+to\\s+respond\\b|\\btaking\\s+too\\s+long\\s+to\\s+respond\\b|\\bzeitüberschreitung\\b|\\bdélai\\s+d'attente\\b|\\btiempo\\s+de\\s+espera\\b|\\btempo\\s+limite\\b|タイムアウト|応答時間が長すぎ", Options);

    public static readonly Regex TimedOut = new("\\btimed?\\s?-?out\\b|\\btiming\\s+out\\b|\\btimes\\s+out\\b|\\btime\\s?outs\\b|\\bbraucht\\s+zu\\s+lange\\b|\\bmet\\s+trop\\s+de\\s+temps\\b|\\ba\\s+expiré\\b|\\btarda\\s+demasiado\\b|\\bagotó\\s+el\\s+tiempo\\b|\\bdemorou\\s+muito\\b|\\bexpirou\\b", Options);

    public static readonly Regex BrowserUnreachable = new(
        "ERR_CONNECTION_(REFUSED|RESET|CLOSED)|ERR_ADDRESS_UNREACHABLE|ERR_CONNECTION_FAILED|\\brefused\\s+to\\s+connect\\b|\\bthis\\s+site\\s+can'?t\\s+be\\s+reached\\b|\\bunable\\s+to\\s+connect\\b.{0,40}\\bfirefox\\b|\\bdiese\\s+website\\s+ist\\s+nicht\\s+erreichbar\\b|\\bce\\s+site\\s+est\\s+inaccessible\\b|\\bno\\s+se\\s+puede\\s+acceder\\s+a\\s+este\\s+sitio\\b|\\bnão\\s+é\\s+possível\\s+acessar\\s+esse\\s+site\\b|このサイトにアクセスできません",
        Options);

    public static readonly Regex Unreachable = new(
        "\\b(can'?t|cannot|can\\s+not|could\\s?n[o']t|unable\\s+to)\\s+(be\\s+)?reach(ed)?\\b|\\bunreachable\\b|\\bnot\\s+reachable\\b|\\bconnection\\s+(was\\s+)?(refused|reset|closed|failed)\\b|\\b(can'?t|cannot|could\\s?n[o']t)\\s+connect\\s+to\\b|\\bunable\\s+to\\s+connect\\b|\\bwon'?t\\s+connect\\b|\\bnicht\\s+(mehr\\s+)?erreichbar\\b|\\bnicht\\s+erreichen\\b|\\bverbindung\\b.{0,40}\\bfehlgeschlagen\\b|\\bverweigert\\s+die\\s+verbindung\\b|\\bkomme\\s+nicht\\s+(auf|an|in|zu)\\b|\\binaccessible\\b|\\bimpossible\\s+d'accéder\\b|\\bconnexion\\b.{0,40}\\ba\\s+échoué\\b|\\ba\\s+refusé\\s+la\\s+connexion\\b|\\bn'arrive\\s+pas\\s+à\\s+accéder\\b|\\bno\\s+(se\\s+)?puedo?\\s+acceder\\b|\\bno\\s+se\\s+puede\\s+acceder\\b|\\bconexión\\b.{0,40}\\b(ha\\s+)?fallado\\b|\\brechazado\\s+la\\s+conexión\\b|\\bno\\s+consigo\\s+(entrar|acceder)\\b|\\bnão\\s+(é\\s+possível|consigo)\\s+(acessar|entrar)\\b|\\binacessível\\b|\\bconexão\\b.{0,40}\\bfalhou\\b|\\brecusou\\s+a\\s+conexão\\b|アクセスできません|につながりません|接続に失敗|接続が拒否|に入れません",
        Options);

    /// <summary>"X is down", "X isn't loading": a problem without a symptom (counted only with a site named or every site failing).</summary>
    public static readonly Regex Unspecified = new(
        "\\b(is|are|was|seems|looks|went|goes|gone)\\s+(down|broken|dead|offline)\\b|\\bdown\\s+for\\s+(me|us|everyone)\\b|\\b(won'?t|wont|doesn'?t|doesnt|does\\s+not|will\\s+not|isn'?t|isnt|is\\s+not|not|never)\\s+(load|loading|open|opening|work|working|respond|responding|come\\s+up)\\b|\\b(can'?t|cant|cannot|can\\s+not|unable\\s+to)\\s+(open|load|get\\s+to|access|log\\s?in|sign\\s+in|use)\\b|\\b(please\\s+)?(check|test|probe|look\\s+at)\\b|\\berrors?\\b|\\bnot\\s+responding\\b|\\b(no|none\\s+of\\s+the)\\s+(web\\s?)?(sites?|websites?|pages?)\\s+(\\w+\\s+)?(loads?|loading|works?|working|opens?|opening)\\b|\\bnothing\\s+(is\\s+)?(loads?|loading|works?|working|opens?|opening)\\b|\\bno\\s+internet\\b|\\bdown\\b|\\bkeeps?\\s+failing\\b|\\bfails?\\s+to\\s+load\\b|\\bbroken\\b|\\bblank\\s+(page|screen)\\b|\\bspin(s|ning)?\\b|\\bhangs?\\b|\\bcrash(es|ed|ing)?\\b|\\b(funktioniert|geht|lädt)\\s+nicht\\b|\\böffnet\\s+sich\\s+nicht\\b|\\bprüfen\\b|\\bfehler\\b|\\bne\\s+(fonctionne|marche|charge|s'ouvre)\\s+(pas|plus)\\b|\\ben\\s+panne\\b|\\bvérifier\\b|\\berreur\\b|\\bno\\s+(funciona|carga|va|abre)\\b|\\bcaído\\b|\\brevisar\\b|\\bnão\\s+(funciona|carrega|abre|está\\s+funcionando)\\b|\\bfora\\s+do\\s+ar\\b|\\bverificar\\b|\\berro\\b|動きません|表示されません|開けません|落ちて|読み込めません|確認して|エラー|\\bne\\s+(fonctionne|marche|charge|s'ouvre)\\b|\\bgeht\\s+(gar\\s+)?(nichts|keine)\\b|\\bkeine\\s+(web)?(seite|website)\\s+(funktioniert|lädt|geht)\\b|\\bno\\s+me\\s+(funciona|carga|va|abre)\\b|\\bno\\s+tengo\\s+internet\\b|\\bnenhum[a]?\\s+(site|página)\\s+(funciona|carrega|abre)\\b|\\bsem\\s+internet\\b",
        Options);

    public static readonly Regex AllSites = new(
        "\\b(every|all|any)\\s+(single\\s+)?(web\\s?)?(sites?|pages?|urls?|websites?)\\b|\\b(no|none\\s+of\\s+the)\\s+(web\\s?)?(sites?|websites?|pages?)\\b|\\bthe\\s+(whole|entire)\\s+(internet|web)\\b|\\b(the\\s+)?internet\\s+(is|seems|looks)\\s+(down|broken|not\\s+working|dead)\\b|\\binternet\\s+(down|not\\s+working)\\b|\\beverything\\s+(gives|shows|returns|is|fails|says)\\b|\\bnothing\\s+(is\\s+)?(loads?|loading|works?|working|opens?|opening)\\b|\\bno\\s+internet\\b|\\b(web\\s?)?(sites|pages|websites)\\s+(won'?t|don'?t|aren'?t|are\\s+not|do\\s+not)\\s+(load|work|open)|\\b(keine|jede|alle)\\s+(web)?(seiten?|websites?|webseiten?)\\b|\\bgar\\s+keine\\s+(web)?seite\\b|\\bdas\\s+internet\\s+(geht|funktioniert)\\s+nicht\\b|\\b(tous\\s+les|aucun|aucune)\\s+(sites?|pages?)\\b|\\binternet\\s+ne\\s+(marche|fonctionne)\\s+plus\\b|\\b(todos\\s+los\\s+sitios|todas\\s+las\\s+páginas|ningún\\s+sitio|ninguna\\s+página)\\b|\\bno\\s+tengo\\s+internet\\b|\\b(todos\\s+os\\s+sites|todas\\s+as\\s+páginas|nenhum\\s+site|nenhuma\\s+página)\\b|\\bsem\\s+internet\\b|どのサイトも|すべてのサイト|全部のサイト|どのページも|インターネットにつながりません",
        Options);

    /// <summary>"What does 502 mean?", "what's a 504", "explain error 503": a question about a code, not a report.</summary>
    public static readonly Regex MeaningQuestion = new(
        "\\b(mean|means|meaning|meant|stand\\s+for|stands\\s+for|explain|definition\\s+of|difference\\s+between)\\b|\\bwhat('?s|\\s+is|\\s+are)\\s+(an?\\s+|the\\s+)?(http\\s+|error\\s+|status\\s+)?(code\\s+)?[45]\\d\\d\\b",
        Options);

    public static readonly Regex SmallTalk = new(
        "^[¡¿]?(hi|hello|hey|hiya|yo|good\\s+(morning|afternoon|evening)|thanks|thank\\s+you|thx|ty|cheers|ok|okay|cool|great|bye|goodbye|see\\s+you|how\\s+are\\s+you|who\\s+are\\s+you|lol|nice|awesome|hallo|danke|guten\\s+(morgen|tag|abend)|servus|moin|bonjour|bonsoir|salut|merci|hola|gracias|buenos\\s+días|buenas|olá|ola|oi|obrigad[oa]|bom\\s+dia|boa\\s+tarde)\\b|^(こんにちは|ありがとう|おはよう|こんばんは)",
        Options);

    /// <summary>Words that put a Japanese sentence about a web page (Japanese has no spaces, so they are found inside words).</summary>
    public static readonly Regex CjkWebWords = new("サイト|ページ|ブラウザ|ポータル|ウェブ", Options);

    /// <summary>
    /// An error word right beside a status code in German, French, Portuguese or Japanese ("Fehler 502", "erreur 502",
    /// "erro 502", "502 エラー"), or "bekomme einen 502": a sentence about a web error even when it names no site.
    /// </summary>
    public static readonly Regex ErrorCode = new("\\b(fehler|erreur|erro)\\s*[45]\\d\\d\\b|\\b[45]\\d\\d\\s*エラー|\\bbekomme\\s+(einen\\s+)?[45]\\d\\d\\b|\\brecebendo\\s+(um\\s+)?(erro\\s+)?[45]\\d\\d\\b", Options);

    /// <summary>Things that are not web pages, in Japanese (found inside words, as <see cref="CjkWebWords"/>).</summary>
    public static readonly Regex CjkNonWebThings = new("プリンター|プリンタ|プロジェクター|コーヒーメーカー|コピー機|複合機", Options);

    /// <summary>Punctuation, "please" and greetings around a command ("Start over please", "hey bot, help").</summary>
    public static readonly Regex CommandNoise = new("[!.?,;:]|\\bplease\\b|\\bpls\\b|^\\s*(hey|hi|ok|okay)\\s+|\\s+(bot|now)\\s*$", Options);
}
