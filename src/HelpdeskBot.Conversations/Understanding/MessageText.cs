using System.Text;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// Turns Teams message text into plain text: Teams sends HTML (textFormat xml) with auto-linked URLs
/// (<c>&lt;a href=…&gt;</c>) and <c>&lt;at&gt;Bot&lt;/at&gt;</c> mention markup in channels.
/// A hand-written single pass, on purpose: a regex over tags or entities rescans the rest of the text for every
/// unclosed <c>&lt;</c> or <c>&amp;</c>, so 200,000 of them cost minutes. Reads at most <see cref="MaxReadLength"/>
/// characters and keeps at most <see cref="MaxTextLength"/>.
/// </summary>
internal static class MessageText
{
    /// <summary>
    /// Plain-text characters kept for understanding. A report is a sentence or two, or a pasted error page of a few
    /// hundred characters (the longest in the corpus is about 300); 4,096 leaves room for a detailed IIS page.
    /// Whatever follows is never read.
    /// </summary>
    public const int MaxTextLength = 4096;

    /// <summary>Characters of the raw message read at most: Teams' HTML (links written twice, mention and paragraph markup) around <see cref="MaxTextLength"/> characters of text.</summary>
    public const int MaxReadLength = 4 * MaxTextLength;

    // Tags that end a line or a block: "<p>502</p><p>on wiki</p>" must not become "502on wiki".
    private static readonly HashSet<string> BreakTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote", "title", "body", "head", "html", "center", "address",
    };

    /// <summary>Plain text plus the http(s) links found in anchors.</summary>
    public static (string Text, IReadOnlyList<string> Links) Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (string.Empty, []);
        }

        var input = raw.AsSpan(0, Math.Min(raw.Length, MaxReadLength));
        var links = new List<string>();
        var text = new PlainTextBuilder(Math.Min(input.Length, MaxTextLength));
        var nextTagEnd = new NextIndex();
        var nextMentionEnd = new NextIndex();
        var i = 0;
        while (i < input.Length && !text.Full)
        {
            var c = input[i];
            if (c == '<' && nextTagEnd.Find(input, i + 1, ">") is var gt and >= 0)
            {
                var tag = input[(i + 1)..gt];
                var closing = tag.Length > 0 && tag[0] == '/';
                var name = TagName(closing ? tag[1..] : tag);
                i = gt + 1;
                if (!closing && name.Equals("at", StringComparison.OrdinalIgnoreCase)
                    && nextMentionEnd.Find(input, i, "</at") is var close and >= 0)
                {
                    // The mention's text ("<at>Helpdesk Bot</at>") is the bot's name, not part of the report.
                    var end = nextTagEnd.Find(input, close, ">");
                    i = end < 0 ? input.Length : end + 1;
                    text.Break(newLine: false);
                    continue;
                }

                if (!closing && name.Equals("a", StringComparison.OrdinalIgnoreCase) && Href(tag) is { } href)
                {
                    links.Add(href);
                }

                if (BreakTags.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
                {
                    text.Break(newLine: true);
                }

                continue;
            }

            if (c == '&' && Entity(input[i..], out var decoded, out var length))
            {
                text.Append(decoded);
                i += length;
                continue;
            }

            text.Append(c);
            i++;
        }

        return (WithoutLeadingAtName(text.ToString()), links);
    }

    private static ReadOnlySpan<char> TagName(ReadOnlySpan<char> tag)
    {
        var n = 0;
        while (n < tag.Length && char.IsAsciiLetterOrDigit(tag[n]))
        {
            n++;
        }

        return tag[..n];
    }

    /// <summary>The http(s) href of an anchor's tag text (<c>a href="…" …</c>), entity-decoded.</summary>
    private static string? Href(ReadOnlySpan<char> tag)
    {
        var at = tag.IndexOf("href", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = tag[(at + 4)..].TrimStart();
        if (rest.Length == 0 || rest[0] != '=')
        {
            return null;
        }

        rest = rest[1..].TrimStart();
        if (rest.Length == 0 || (rest[0] != '"' && rest[0] != '\''))
        {
            return null;
        }

        var quote = rest[0];
        rest = rest[1..];
        var end = rest.IndexOf(quote);
        var value = (end < 0 ? rest : rest[..end]).Trim();
        var decoded = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length;)
        {
            if (value[i] == '&' && Entity(value[i..], out var c, out var length))
            {
                decoded.Append(c);
                i += length;
            }
            else
            {
                decoded.Append(value[i++]);
            }
        }

        var href = decoded.ToString();
        return href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? href : null;
    }

    /// <summary>
    /// An HTML character reference at the start of <paramref name="s"/>: the named ones Teams writes and numeric
    /// ones. Looks at most 10 characters ahead, so an unterminated <c>&amp;</c> costs nothing.
    /// </summary>
    private static bool Entity(ReadOnlySpan<char> s, out char decoded, out int length)
    {
        decoded = '\0';
        length = 0;
        var semicolon = s[..Math.Min(s.Length, 10)].IndexOf(';');
        if (semicolon < 2)
        {
            return false;
        }

        var body = s[1..semicolon];
        length = semicolon + 1;
        if (body[0] == '#')
        {
            var hex = body.Length > 1 && (body[1] == 'x' || body[1] == 'X');
            var digits = body[(hex ? 2 : 1)..];
            if (int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
                && code is > 0 and <= char.MaxValue && !char.IsSurrogate((char)code))
            {
                decoded = (char)code;
                return true;
            }

            return false;
        }

        decoded = body switch
        {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "rsquo" or "lsquo" => '\'',
            "ldquo" or "rdquo" => '"',
            "ndash" or "mdash" => '-',
            "hellip" => '…',
            _ => '\0',
        };
        return decoded != '\0';
    }

    // A mention that arrived as plain text ("@HelpdeskBot 502 on …") at the very start.
    private static string WithoutLeadingAtName(string text)
    {
        if (text.Length < 3 || text[0] != '@' || !char.IsAsciiLetter(text[1]))
        {
            return text;
        }

        var i = 2;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-'))
        {
            i++;
        }

        return i < text.Length && char.IsWhiteSpace(text[i]) ? text[(i + 1)..] : text;
    }

    /// <summary>
    /// The next occurrence of a needle at or after a position that only moves forward: remembered, so a text of
    /// 200,000 <c>&lt;</c> without a <c>&gt;</c> is searched once, not once per <c>&lt;</c>.
    /// </summary>
    private struct NextIndex
    {
        private int _found;
        private int _searchedFrom;
        private bool _known;

        public int Find(ReadOnlySpan<char> input, int from, string needle)
        {
            if (_known && (_found < 0 ? from >= _searchedFrom : _found >= from))
            {
                return _found;
            }

            var at = input[from..].IndexOf(needle, StringComparison.OrdinalIgnoreCase);
            _found = at < 0 ? -1 : from + at;
            _searchedFrom = from;
            _known = true;
            return _found;
        }
    }

    /// <summary>Appends characters with typographic quotes made plain and whitespace runs collapsed (a run with a line break becomes one newline).</summary>
    private sealed class PlainTextBuilder(int capacity)
    {
        private readonly StringBuilder _text = new(capacity);
        private char _pending;

        public bool Full => _text.Length >= MaxTextLength;

        public void Break(bool newLine)
        {
            if (newLine || _pending == '\0')
            {
                _pending = newLine ? '\n' : ' ';
            }
        }

        public void Append(char c)
        {
            c = c switch
            {
                '\u2019' or '\u2018' or '\u02BC' => '\'',
                '\u201C' or '\u201D' => '"',
                '\u00A0' or '\u2007' or '\u202F' or '\u200B' or '\t' => ' ',
                _ => c,
            };
            if (char.IsWhiteSpace(c))
            {
                Break(c is '\n' or '\r');
                return;
            }

            if (_pending != '\0' && _text.Length > 0)
            {
                _text.Append(_pending);
            }

            _pending = '\0';
            if (_text.Length < MaxTextLength)
            {
                _text.Append(c);
            }
        }

        public override string ToString() => _text.ToString();
    }
}
