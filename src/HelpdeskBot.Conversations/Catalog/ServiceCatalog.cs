using HelpdeskBot.Conversations.Understanding;

namespace HelpdeskBot.Conversations.Catalog;

/// <summary>Looks services up by host or by the names users give them.</summary>
internal sealed class ServiceCatalog
{
    private readonly Dictionary<string, ServiceEntry> _byHost;
    // Aliases by their first word, each as its words: a message's words are looked up once each, no regex per alias.
    private readonly Dictionary<string, List<(Words Words, ServiceEntry Entry)>> _aliases = new(StringComparer.Ordinal);

    public ServiceCatalog(IEnumerable<ServiceEntry> entries)
    {
        Entries = entries.ToList();
        _byHost = new Dictionary<string, ServiceEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in Entries)
        {
            _byHost.TryAdd(e.Host, e);
        }

        foreach (var e in Entries)
        {
            foreach (var alias in e.Aliases.Append(e.Name))
            {
                var words = Words.Of(alias.Trim());
                if (words.Count == 0)
                {
                    continue;
                }

                if (!_aliases.TryGetValue(words[0].Lower, out var list))
                {
                    _aliases[words[0].Lower] = list = [];
                }

                list.Add((words, e));
            }
        }
    }

    public static ServiceCatalog Empty { get; } = new([]);

    public IReadOnlyList<ServiceEntry> Entries { get; }

    public ServiceEntry? FindByHost(string host) =>
        _byHost.TryGetValue(host.TrimEnd('.'), out var entry) ? entry : null;

    /// <summary>The service whose name or alias occurs in <paramref name="text"/> (longest alias wins).</summary>
    public ServiceEntry? FindInText(string text) => FindIn(Words.Of(text))?.Entry;

    /// <summary>
    /// The service whose name or alias occurs among <paramref name="words"/> as whole words, not inside a host name
    /// or an e-mail address ("wiki" in "wiki.contoso.com" is the host's business); the longest alias wins.
    /// </summary>
    /// <returns>The entry and where its name stands in the text; null when none does.</returns>
    internal (ServiceEntry Entry, int Start, int End)? FindIn(Words words)
    {
        (int Length, ServiceEntry Entry, int Start, int End)? best = null;
        for (var i = 0; i < words.Count; i++)
        {
            var first = words[i].Lower.EndsWith("'s", StringComparison.Ordinal) ? words[i].Lower[..^2] : words[i].Lower;
            if (!_aliases.TryGetValue(first, out var candidates) || words.Before(i) is [.., '.' or '-'])
            {
                continue;
            }

            foreach (var (alias, entry) in candidates)
            {
                if ((best is null || alias.Text.Length > best.Value.Length) && Matches(words, i, alias))
                {
                    best = (alias.Text.Length, entry, words[i].Start, words[i + alias.Count - 1].End);
                }
            }
        }

        return best is { } b ? (b.Entry, b.Start, b.End) : null;
    }

    // The alias's words in a row, separated as in the alias (any whitespace for a space), not followed by "-x" or ".x".
    private static bool Matches(Words words, int start, Words alias)
    {
        if (start + alias.Count > words.Count)
        {
            return false;
        }

        for (var k = 0; k < alias.Count; k++)
        {
            var word = words[start + k].Lower;
            var possessive = k == alias.Count - 1 && word.Length == alias[k].Lower.Length + 2 && word.EndsWith("'s", StringComparison.Ordinal) && word.StartsWith(alias[k].Lower, StringComparison.Ordinal);
            if (word != alias[k].Lower && !possessive)
            {
                return false;
            }

            if (k > 0)
            {
                var expected = alias.Before(k);
                var actual = words.Before(start + k);
                var same = expected.IsWhiteSpace() ? actual.Length > 0 && actual.IsWhiteSpace() : actual.SequenceEqual(expected);
                if (!same)
                {
                    return false;
                }
            }
        }

        var last = start + alias.Count - 1;
        var after = words.After(last);
        var joined = after is ['-', ..] || (after is ['.'] && last + 1 < words.Count);
        return !joined;
    }
}
