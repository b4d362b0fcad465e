using System.Text.RegularExpressions;

namespace HelpdeskBot.Conversations.Catalog;

/// <summary>Looks services up by host or by the names users give them.</summary>
public sealed class ServiceCatalog
{
    private readonly Dictionary<string, ServiceEntry> _byHost;
    private readonly List<(Regex Pattern, ServiceEntry Entry)> _aliases;

    public ServiceCatalog(IEnumerable<ServiceEntry> entries)
    {
        Entries = entries.ToList();
        _byHost = new Dictionary<string, ServiceEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in Entries)
        {
            _byHost.TryAdd(e.Host, e);
        }

        // Longest alias first so "hr portal" wins over "portal".
        _aliases = Entries
            .SelectMany(e => e.Aliases.Append(e.Name).Select(a => (Alias: a.Trim(), Entry: e)))
            .Where(a => a.Alias.Length > 0)
            .OrderByDescending(a => a.Alias.Length)
            .Select(a => (new Regex("(?<![\\w.-])" + Regex.Escape(a.Alias).Replace("\\ ", "\\s+", StringComparison.Ordinal) + "(?![\\w-]|\\.\\w)",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)), a.Entry))
            .ToList();
    }

    public static ServiceCatalog Empty { get; } = new([]);

    public IReadOnlyList<ServiceEntry> Entries { get; }

    public ServiceEntry? FindByHost(string host) =>
        _byHost.TryGetValue(host.TrimEnd('.'), out var entry) ? entry : null;

    /// <summary>The service whose name or alias occurs in <paramref name="text"/> (longest alias wins).</summary>
    public ServiceEntry? FindInText(string text)
    {
        foreach (var (pattern, entry) in _aliases)
        {
            if (pattern.IsMatch(text))
            {
                return entry;
            }
        }

        return null;
    }
}
