using System.Globalization;

namespace HelpdeskBot.Probes.Hops;

/// <summary>
/// The subset of an RFC 8941 List that Proxy-Status (RFC 9209) and Cache-Status (RFC 9211) use: members that are a
/// token or a string, each with parameters whose values are tokens, strings, integers or booleans. Lenient as a
/// probe must be: a malformed member is skipped, never an exception, and the rest of the field is still read.
/// </summary>
internal static class StructuredList
{
    /// <summary>A list member: its bare item (the intermediary's name) and its parameters (key → text; "?1" → "true").</summary>
    public sealed record Member(string Name, IReadOnlyDictionary<string, string> Parameters);

    public static IReadOnlyList<Member> Parse(string? field)
    {
        var members = new List<Member>();
        if (string.IsNullOrWhiteSpace(field))
        {
            return members;
        }

        var i = 0;
        while (i < field.Length && members.Count < 16)
        {
            SkipSpace(field, ref i);
            var name = ReadBareItem(field, ref i);
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            while (i < field.Length && field[i] == ';')
            {
                i++;
                SkipSpace(field, ref i);
                var key = ReadWhile(field, ref i, c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.' or '*');
                string value = "true";
                if (i < field.Length && field[i] == '=')
                {
                    i++;
                    value = ReadBareItem(field, ref i) ?? string.Empty;
                }

                if (key.Length > 0)
                {
                    parameters[key] = value;
                }
            }

            if (!string.IsNullOrEmpty(name))
            {
                members.Add(new Member(name, parameters));
            }

            // Whatever is left of a malformed member is skipped up to the next comma.
            while (i < field.Length && field[i] != ',')
            {
                if (field[i] == '"')
                {
                    _ = ReadString(field, ref i);
                    continue;
                }

                i++;
            }

            i++;
        }

        return members;
    }

    private static string? ReadBareItem(string s, ref int i)
    {
        if (i >= s.Length)
        {
            return null;
        }

        if (s[i] == '"')
        {
            return ReadString(s, ref i);
        }

        if (s[i] == '?')
        {
            i++;
            var b = ReadWhile(s, ref i, c => c is '0' or '1');
            return b == "1" ? "true" : "false";
        }

        if (s[i] == '-' || char.IsAsciiDigit(s[i]))
        {
            var number = ReadWhile(s, ref i, c => c == '-' || c == '.' || char.IsAsciiDigit(c));
            return decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) ? number : null;
        }

        // sf-token: ALPHA / "*" first, then tchar / ":" / "/" (RFC 8941 §3.3.4).
        return char.IsAsciiLetter(s[i]) || s[i] == '*'
            ? ReadWhile(s, ref i, c => c > ' ' && c < 0x7f && c is not (',' or ';' or '=' or '"' or '(' or ')'))
            : null;
    }

    private static string ReadString(string s, ref int i)
    {
        var text = new System.Text.StringBuilder();
        i++; // opening quote
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }

            text.Append(s[i]);
            i++;
        }

        i++; // closing quote
        return text.ToString();
    }

    private static string ReadWhile(string s, ref int i, Func<char, bool> accept)
    {
        var start = i;
        while (i < s.Length && accept(s[i]))
        {
            i++;
        }

        return s[start..i];
    }

    private static void SkipSpace(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }
    }
}
