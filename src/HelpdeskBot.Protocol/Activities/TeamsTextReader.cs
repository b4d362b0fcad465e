using System.Buffers;
using System.Globalization;
using System.Text;

namespace HelpdeskBot.Protocol.Activities;

/// <summary>
/// Reads Teams message text into a <see cref="TurnText"/>. Teams writes HTML even when <c>textFormat</c> is "plain":
/// <c>&lt;at&gt;Name&lt;/at&gt;</c> for mentions, auto-linked URLs (<c>&lt;a href=…&gt;</c>), paragraphs, character
/// references. A hand-written single pass, on purpose: a regex over tags or references rescans the rest of the text
/// for every unclosed <c>&lt;</c> or <c>&amp;</c>, so 200,000 of them cost minutes (issue 12). Every character is
/// looked at a bounded number of times: the next <c>&gt;</c> and <c>&lt;/at</c> are remembered, a reference is looked
/// for at most 10 characters ahead, and a mention's name is compared only when it holds no tag.
/// </summary>
internal static class TeamsTextReader
{
    /// <summary>Longest mention name compared (a Teams display name is at most 256 characters); a longer one is someone else's text.</summary>
    private const int MaxNameLength = 256;

    public static readonly IReadOnlySet<string> NoNames = new HashSet<string>();

    // What makes a text more than plain words: markup, references, and every whitespace but the space (char.IsWhiteSpace's set) or a zero-width space.
    private static readonly SearchValues<char> NotPlain = SearchValues.Create(
        "<&\u200B\t\n\v\f\r\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000");

    // Tags that end a line or a block: "<p>502</p><p>on wiki</p>" must not become "502on wiki".
    private static readonly HashSet<string> BreakTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote", "title", "body", "head", "html", "center", "address",
    };

    // Looked up once per tag read, by the tag's span: made once, not per tag (it checks the comparer each time).
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BreakTagNames = BreakTags.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <param name="raw">The message text.</param>
    /// <param name="botNames">The bot's names as <see cref="AddName"/> keeps them; an <c>&lt;at&gt;</c> element with one of them is dropped.</param>
    public static TurnText Read(string raw, IReadOnlySet<string> botNames)
    {
        if (IsPlain(raw))
        {
            return new TurnText(raw, []); // the common personal-chat message: taken as it is, no copy
        }

        var input = raw.AsSpan(0, Math.Min(raw.Length, TurnText.MaxReadLength));
        List<string>? links = null;
        var text = new PlainText(Math.Min(input.Length, TurnText.MaxLength));
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
                if (!closing && name.Equals("at", StringComparison.OrdinalIgnoreCase) && botNames.Count > 0
                    && nextMentionEnd.Find(input, i, "</at") is var close and >= 0 && IsBotName(input[i..close], botNames))
                {
                    // The bot's own mention ("<at>Helpdesk Bot</at>") is how the message reached it, not part of what was said.
                    var end = nextTagEnd.Find(input, close, ">");
                    i = end < 0 ? input.Length : end + 1;
                    text.Break(newLine: false);
                    continue;
                }

                // Anyone else's mention keeps its name: the <at> and </at> tags go like any other tag.
                if (!closing && name.Equals("a", StringComparison.OrdinalIgnoreCase) && Href(tag) is { } href)
                {
                    (links ??= []).Add(href);
                }

                if (BreakTagNames.Contains(name))
                {
                    text.Break(newLine: true);
                }

                continue;
            }

            if (c == '@' && text.IsEmpty && LeadingName(input[(i + 1)..], botNames) is var nameLength and > 0)
            {
                // A mention typed as plain text at the start ("@HelpdeskBot 502 on wiki"): only the bot's own name.
                i += 1 + nameLength;
                continue;
            }

            if (c == '&' && Reference(input[i..], out var decoded, out var length))
            {
                text.Append(decoded);
                i += length;
                continue;
            }

            text.Append(c);
            i++;
        }

        return new TurnText(text.ToString(), links is null ? [] : links);
    }

    private static bool IsPlain(string raw) =>
        raw.Length is > 0 and <= TurnText.MaxLength && raw[0] is not (' ' or '@') && raw[^1] != ' '
        && !raw.AsSpan().ContainsAny(NotPlain) && !raw.Contains("  ", StringComparison.Ordinal);

    /// <summary>Adds a name (or an entity's text such as <c>&lt;at&gt;Name&lt;/at&gt;</c>) as the reader compares it, and its form without spaces ("@HelpdeskBot").</summary>
    public static void AddName(HashSet<string> names, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 4 * MaxNameLength)
        {
            return;
        }

        var key = Key(name, skipTags: true);
        if (key.Length is > 0 and <= MaxNameLength)
        {
            names.Add(key);
            if (key.Contains(' ', StringComparison.Ordinal))
            {
                names.Add(key.Replace(" ", string.Empty, StringComparison.Ordinal));
            }
        }
    }

    // A mention's inner text is compared only when it is short and holds no tag, so every character is read at most
    // once more here: ranges between an "<at>" and the next "</at" with no '<' inside never overlap.
    private static bool IsBotName(ReadOnlySpan<char> inner, IReadOnlySet<string> botNames) =>
        inner.Length <= 4 * MaxNameLength && !inner.Contains('<') && Key(inner, skipTags: false) is { Length: > 0 } key && botNames.Contains(key);

    /// <summary>The length of the bot's name right after a leading '@', when it is followed by the end or a character that cannot continue a name; else 0.</summary>
    private static int LeadingName(ReadOnlySpan<char> rest, IReadOnlySet<string> botNames)
    {
        // Only at the first character of the text, so comparing with each name costs at most the names' length once.
        var best = 0;
        foreach (var name in botNames)
        {
            if (name.Length > best && rest.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && (rest.Length == name.Length || !(char.IsLetterOrDigit(rest[name.Length]) || rest[name.Length] is '_' or '-')))
            {
                best = name.Length;
            }
        }

        return best;
    }

    /// <summary>A name as compared: tags skipped (entity texts only), references decoded, whitespace collapsed, trimmed.</summary>
    private static string Key(ReadOnlySpan<char> s, bool skipTags)
    {
        var key = new StringBuilder(s.Length);
        var space = false;
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (skipTags && c == '<' && s[i..].IndexOf('>') is var gt and > 0)
            {
                i += gt + 1;
                space = key.Length > 0;
                continue;
            }

            if (c == '&' && Reference(s[i..], out var decoded, out var length))
            {
                c = decoded;
                i += length;
            }
            else
            {
                i++;
            }

            if (PlainText.IsSpace(c))
            {
                space = key.Length > 0;
                continue;
            }

            if (space)
            {
                key.Append(' ');
                space = false;
            }

            key.Append(c);
        }

        return key.ToString();
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

    /// <summary>The http(s) href of an anchor's tag text (<c>a href="…" …</c>), references decoded.</summary>
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
            if (value[i] == '&' && Reference(value[i..], out var c, out var length))
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
    /// An HTML character reference at the start of <paramref name="s"/>: the named ones Teams writes and numeric ones.
    /// Looks at most 10 characters ahead, so an unterminated <c>&amp;</c> costs nothing.
    /// </summary>
    private static bool Reference(ReadOnlySpan<char> s, out char decoded, out int length)
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
            if (int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
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
            "nbsp" => '\u00A0',
            "rsquo" => '\u2019',
            "lsquo" => '\u2018',
            "ldquo" => '\u201C',
            "rdquo" => '\u201D',
            "ndash" or "mdash" => '-',
            "hellip" => '…',
            _ => '\0',
        };
        return decoded != '\0';
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

    /// <summary>Appends characters with whitespace runs collapsed (a run with a line break becomes one newline), up to <see cref="TurnText.MaxLength"/>.</summary>
    private sealed class PlainText(int capacity)
    {
        private readonly StringBuilder _text = new(capacity);
        private char _pending;

        public bool Full => _text.Length >= TurnText.MaxLength;

        public bool IsEmpty => _text.Length == 0;

        // Teams and pasted pages write no-break, figure, narrow and zero-width spaces between words.
        public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is '\u200B';

        public void Break(bool newLine)
        {
            if (newLine || _pending == '\0')
            {
                _pending = newLine ? '\n' : ' ';
            }
        }

        public void Append(char c)
        {
            if (IsSpace(c))
            {
                Break(c is '\n' or '\r');
                return;
            }

            if (_pending != '\0' && _text.Length > 0)
            {
                _text.Append(_pending);
            }

            _pending = '\0';
            if (_text.Length < TurnText.MaxLength)
            {
                _text.Append(c);
            }
        }

        public override string ToString() => _text.ToString();
    }
}
