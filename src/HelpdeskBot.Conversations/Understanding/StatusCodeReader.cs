using System.Globalization;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// Finds the HTTP status code a message reports, in one pass over its words: each number is judged by the
/// characters around it and at most three words either side, never by rescanning the text. A number counts as a
/// status code in an error context ("HTTP 502", "502 Bad Gateway", "getting a 502"), anywhere in a sentence about a
/// web page or service ("wiki.contoso.com down, 502"), or alone; never in "502 unread emails", "room 502",
/// "$502.50", phone numbers, ports or a sentence about a printer.
/// </summary>
internal static class StatusCodeReader
{
    // Words right before a number that make it an HTTP status wherever the sentence goes.
    private static readonly HashSet<string> StrongLead = Set("http", "https", "error", "errors", "err", "status", "code", "statuscode", "response", "httperror", "returned", "responded");

    // Words right after a number that make it an HTTP status: "502 Bad Gateway", "503 errors", "522 connection timed out".
    private static readonly HashSet<string> StrongTrail = Set(
        "error", "errors", "err", "bad", "bad_gateway", "gateway", "service", "internal", "proxy", "server", "status", "code",
        "timeout", "unavailable", "page", "http", "backend", "upstream", "origin", "web", "connection", "ssl", "invalid", "not",
        "insufficient", "loop", "network", "bandwidth", "variant", "unknown");

    // Verbs and modifiers that, right before a number, say it is something the user keeps seeing.
    private static readonly HashSet<string> ErrorVerbs = Set(
        "getting", "seeing", "throws", "throwing", "threw", "returns", "returning", "gives", "giving", "shows", "showing", "displays",
        "displaying", "keep", "keeps", "receiving", "hitting", "another", "constant", "random", "intermittent", "occasional",
        "sporadic", "these", "spits", "spitting", "produces", "hits", "reporting", "reports");

    // Weaker leads: enough when the number ends the sentence ("I got a 502.") or is followed by a time ("502 again").
    private static readonly HashSet<string> WeakLead = Set(
        "a", "an", "the", "get", "gets", "got", "give", "gave", "return", "see", "saw", "show", "showed", "displayed", "hit", "receive",
        "received", "says", "say", "said", "saying", "still", "me", "just", "only", "with", "of", "i'm", "some", "more", "like", "fails", "failed", "failing", "shows", "now", "again", "ends", "ended", "comes", "came", "back", "into", "constantly");

    private static readonly HashSet<string> Temporal = Set(
        "again", "now", "today", "when", "whenever", "while", "trying", "opening", "accessing", "loading", "visiting", "since", "every",
        "everywhere", "after", "each", "constantly", "randomly", "sometimes", "occasionally", "intermittently", "too", "also", "still",
        "this", "all", "here", "there", "everytime", "anytime", "lately", "recently", "yesterday", "tonight", "please", "pls", "help");

    // Words right before a number that make it anything but a status code.
    private static readonly HashSet<string> BlockingLead = Set(
        "room", "rooms", "suite", "floor", "flight", "bus", "route", "ext", "extension", "apartment", "apt", "building", "bldg", "port",
        "ports", "have", "has", "had", "about", "over", "under", "around", "approximately", "approx", "nearly", "almost", "roughly",
        "number", "no", "nr", "num", "page", "pages", "chapter", "line", "ticket", "order", "invoice", "model", "highway", "hwy", "gate",
        "desk", "lab", "exit", "aisle", "seat", "row", "level", "step", "section", "paragraph", "article", "clause", "version", "ver", "v",
        "build", "release", "id", "pin", "zip", "year", "batch", "lot", "unit", "account", "acct", "case", "incident", "inc", "ref",
        "reference", "po", "item", "sku", "part", "serial", "table", "channel", "track", "episode", "season", "volume", "vol", "issue",
        "bug", "pr", "top", "first", "last", "next", "spent", "paid", "pay", "cost", "costs", "scored", "score", "weigh", "weighs",
        "weighed", "ran", "run", "drove", "walked", "lost", "won", "earned", "saved", "owe", "owes", "bought", "sold", "sent", "wrote",
        "plus", "minus", "by", "between", "to", "and", "or", "than", "exactly", "least", "most", "upto", "kostet", "office", "cubicle",
        "locker", "box", "window", "counter", "stop", "platform", "train", "tram", "lane", "station", "mile", "km", "kilometer", "budget",
        "salary", "price", "total", "sum", "balance", "amount", "count", "size", "height", "width", "length", "weight", "dial", "call",
        "extn", "x", "tel", "phone", "fax", "mobile", "cell", "room's", "class", "course", "module", "lecture", "grade", "cs", "math",
        "hall", "wing", "block", "area", "zone", "region", "sector", "postcode", "member", "user", "employee", "badge", "rev", "revision");

    // Words right after a number that make it a count or a measure.
    private static readonly HashSet<string> CountNouns = Set(
        "unread", "email", "emails", "e", "mail", "mails", "message", "messages", "item", "items", "file", "files", "people", "persons",
        "person", "users", "employees", "staff", "dollars", "bucks", "euros", "eur", "pounds", "usd", "gbp", "chf", "km", "kms", "miles",
        "mi", "m", "meters", "metres", "feet", "ft", "calories", "kcal", "points", "pts", "words", "pages", "rows", "records", "tickets",
        "days", "hours", "hrs", "minutes", "mins", "seconds", "secs", "ms", "times", "steps", "likes", "followers", "views", "votes", "gb",
        "mb", "kb", "tb", "kg", "kgs", "lbs", "lb", "members", "photos", "pictures", "notifications", "new", "tabs", "students",
        "applications", "applicants", "candidates", "orders", "invoices", "licenses", "licences", "seats", "laptops", "devices", "machines",
        "computers", "pcs", "servers", "boxes", "units", "pieces", "copies", "documents", "docs", "slides", "lines", "characters", "chars",
        "bytes", "calls", "meetings", "attendees", "guests", "visitors", "customers", "clients", "accounts", "entries", "results", "texts",
        "comments", "replies", "posts", "kmh", "mph", "percent", "pct", "degrees", "years", "yrs", "months", "weeks", "yards", "grams", "g",
        "oz", "ml", "l", "liters", "litres", "gallons", "hp", "watts", "w", "volts", "pixels", "px", "dpi", "tokens", "credits", "coins",
        "shares", "stocks", "cars", "beds", "desks", "chairs", "cups", "books", "packages", "parcels", "shipments", "cases", "tests",
        "questions", "answers", "tasks", "bugs", "commits", "stars", "downloads", "installs", "hits", "visits", "sessions", "clicks",
        "impressions", "subscribers", "signups", "registrations", "participants", "spots", "slots", "reports", "vacancies", "jobs",
        "positions", "projects", "ideas", "mg", "more", "left", "total", "sq", "square", "rpm", "kw", "kwh", "employees'", "sqft", "ppl",
        "recipients", "contacts", "cards", "badges", "keys", "steps", "lbs", "km/h", "am", "pm", "hrs", "rs", "inr", "yen", "jpy", "cad",
        "aud", "francs", "crowns", "sek", "nok", "dkk", "pln", "czk", "huf", "dollar", "euro", "pound", "cent", "cents", "euro's", "mins",
        "boxes", "bottles", "cans", "bags", "sheets", "rolls", "pens", "k", "thousand", "million", "billion", "percent", "x", "by", "hz",
        "mhz", "ghz", "nm", "mm", "cm", "inches", "kwh", "sites", "websites", "domains", "apps", "urls", "links", "attendees", "seats");

    /// <summary>The first status code (500–599) the message reports, or null.</summary>
    /// <param name="web">Whether the message is about a web page or service (a link, a host, a catalogue name, a word like "site").</param>
    public static int? Find(Words words, bool web)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (CodeAt(words, i, 5) is { } code && IsStatus(words, i, web))
            {
                return code;
            }
        }

        return null;
    }

    /// <summary>A number that stands where a status code can (a 3-digit word whose first digit is <paramref name="firstDigit"/>, or 0 for 4 or 5, not part of a decimal, phone number, price, port or path).</summary>
    public static int? CodeAt(Words words, int i, int firstDigit)
    {
        var w = words[i].Lower;
        if (!LooksLikeCode(w) || (firstDigit == 0 ? w[0] is not ('4' or '5') : w[0] - '0' != firstDigit))
        {
            return null;
        }

        var before = words.Before(i);
        var after = words.After(i);
        var b = before.Length > 0 ? before[^1] : ' ';
        var a = after.Length > 0 ? after[0] : ' ';
        var prevIsNumber = i > 0 && words[i - 1].IsNumber;
        var nextIsNumber = i + 1 < words.Count && words[i + 1].IsNumber;

        // "$502", "#502", "+1 502 …", "x502"
        if (b is '$' or '€' or '£' or '¥' or '#' or '@' or '+' or '~' or '\\' or '_')
        {
            return null;
        }

        // Glued to the word before: "5.02", "wiki.502" (a decimal, a host label), "1,502" (thousands), "12:502" and
        // "contoso.com:502" (a time, a port), "555-502" (a phone number), "com/502" (a path). "error:502", "status=502",
        // "502/504", "wiki.contoso.com,502" and "HR portal:502" stand as codes.
        if (before.Length == 1 && i > 0)
        {
            var prev = words[i - 1].Lower;
            var keyed = StrongLead.Contains(prev);
            var listOfCodes = LooksLikeCode(prev) && prev[0] is '4' or '5';
            var afterHostLabel = words.Before(i - 1) is [.., '.'];
            var glued = b switch
            {
                '.' => true,
                ',' => prevIsNumber && !listOfCodes,
                ':' => !keyed && (prevIsNumber || afterHostLabel),
                '-' => !keyed && prevIsNumber,
                '/' => !listOfCodes,
                _ => false,
            };
            if (glued)
            {
                return null;
            }
        }

        // "502.50", "502,3", "502-555-0100", "502%", "502:30"; "502.3" is IIS's sub-status ("HTTP Error 502.3").
        if (after.Length == 1 && a is '.' or ',' or '-' or ':' && nextIsNumber)
        {
            var iisSubStatus = a == '.' && i + 1 < words.Count && words[i + 1].Lower.Length <= 2 && i > 0 && StrongLead.Contains(words[i - 1].Lower);
            if (!iisSubStatus)
            {
                return null;
            }
        }

        if (a is '%' or '€' or '$' or '£')
        {
            return null;
        }

        // "(502) 555-0100", "502 555 0100".
        if (nextIsNumber && words[i + 1].Lower.Length == 3 && i + 2 < words.Count && words[i + 2].Lower.Length == 4 && words[i + 2].IsNumber)
        {
            return null;
        }

        return int.Parse(w.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    // "502", "502s", "502's".
    private static bool LooksLikeCode(string w) =>
        w.Length >= 3 && char.IsAsciiDigit(w[0]) && char.IsAsciiDigit(w[1]) && char.IsAsciiDigit(w[2]) && (w.Length == 3 || w[3..] is "s" or "'s");

    private static bool IsStatus(Words words, int i, bool web)
    {
        var prev1 = words.At(i - 1);
        var prev2 = words.At(i - 2);
        var prev3 = words.At(i - 3);
        if (prev3 is "http" or "https" && i >= 3 && words[i - 1].IsNumber && words[i - 2].IsNumber)
        {
            // "HTTP/1.1 502"
            return true;
        }

        var sentenceEnd = SentenceEnds(words.After(i)) || i + 1 == words.Count;
        var next = sentenceEnd ? string.Empty : words.At(i + 1);
        var separated = words.Before(i).ContainsAny(".!?\n");
        if (!separated && BlockingLead.Contains(prev1))
        {
            return false;
        }

        if (CountNouns.Contains(next))
        {
            return false;
        }

        if (!separated && (StrongLead.Contains(prev1) || (StrongLead.Contains(prev2) && !words.Before(i - 1).ContainsAny(".!?\n"))) || StrongTrail.Contains(next))
        {
            return true;
        }

        if (words.Count == 1 || web)
        {
            return true;
        }

        if (separated)
        {
            return false;
        }

        if (ErrorVerbs.Contains(prev1) || ErrorVerbs.Contains(prev2) || ErrorVerbs.Contains(prev3))
        {
            return true;
        }

        return (WeakLead.Contains(prev1) || WeakLead.Contains(prev2)) && (sentenceEnd || Temporal.Contains(next));
    }

    private static bool SentenceEnds(ReadOnlySpan<char> separator) => separator.ContainsAny(".!?\n;") || separator.Contains(" - ", StringComparison.Ordinal);

    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);
}
