using System.Net;
using HelpdeskBot.Conversations.Catalog;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// Finds the site a message is about, in one pass over its whitespace-separated chunks: a link Teams marked up, else
/// the first URL, else the first host name, else the first IPv4 address, else a name from the service catalogue.
/// Also tells whether the message is nothing but that site (the answer to "which site?", or "check this").
/// </summary>
internal static class TargetFinder
{
    /// <param name="OnlyTarget">Every word of the message belongs to the site or is filler ("please check", "it's", "the").</param>
    public readonly record struct Found(string? Target, ServiceEntry? Service, bool OnlyTarget);

    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "exe", "msi", "zip", "png", "jpg", "jpeg", "gif", "log", "json",
        "xml", "yaml", "yml", "md", "js", "ts", "cs", "py", "dll", "mp4", "mov", "eg", "ie", "etc", "ps1", "sh", "bat", "html", "htm",
        "aspx", "php", "jsp", "cshtml", "config", "ini", "bak", "tmp", "vsdx", "one", "msg", "eml", "pst", "ost", "rar", "7z", "tar", "gz",
    };

    // Dotted names that are products, not hosts ("ASP.NET Core app failed to start").
    private static readonly HashSet<string> NotHosts = new(StringComparer.OrdinalIgnoreCase) { "asp.net", "ado.net", "vb.net", "node.js", "next.js", "vue.js", "react.js" };

    // Vendor sites that error pages link to ("Visit cloudflare.com for more information"): not the site that failed.
    private static readonly HashSet<string> ErrorPageVendorHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "cloudflare.com", "www.cloudflare.com", "nginx.org", "nginx.com", "www.squid-cache.org", "squid-cache.org", "varnish-cache.org",
        "www.varnish-cache.org", "haproxy.org", "errors.edgesuite.net", "envoyproxy.io", "go.microsoft.com", "learn.microsoft.com", "docs.microsoft.com",
    };

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "it", "it's", "its", "is", "this", "that", "one", "on", "at", "for", "of", "to", "please", "pls", "plz", "check",
        "test", "try", "look", "can", "could", "would", "you", "u", "i", "i'm", "mean", "meant", "think", "sorry", "oh", "ok", "okay",
        "so", "site", "page", "url", "link", "address", "here", "hi", "hey", "hello", "thanks", "thank", "thx", "me", "my", "our", "just",
        "sure", "yes", "yeah", "yep", "was", "again", "now", "there", "website", "web", "what", "about", "and", "go", "ahead", "server",
        "portal", "app", "called", "named", "thing", "one's", "that's", "the", "in", "s",
        // The same small words in the other shipped languages ("es geht um …", "c'est …", "é o …", "… です").
        "es", "geht", "um", "die", "der", "das", "bitte", "seite", "webseite", "c'est", "c", "est", "le", "la", "s'il", "vous", "plaît",
        "site", "el", "sitio", "por", "favor", "é", "o", "de", "です", "を", "お願いします", "をお願いします",
    };

    public static Found Find(string text, Words words, IReadOnlyList<string> links, ServiceCatalog catalog)
    {
        string? url = null, host = null, ip = null;
        var coverage = new List<(int Start, int End)>();
        var errorPageText = text.Contains("error", StringComparison.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var chunk = Trim(text.AsSpan(start, i - start), out var offset);
            if (chunk.Length < 4 || chunk.Contains('@'))
            {
                continue;
            }

            if (chunk.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || chunk.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                if (Uri.TryCreate(chunk.ToString(), UriKind.Absolute, out var u) && !string.IsNullOrEmpty(u.Host) && !(errorPageText && ErrorPageVendorHosts.Contains(u.Host)))
                {
                    url ??= u.OriginalString;
                    coverage.Add((start + offset, start + offset + chunk.Length));
                }

                continue;
            }

            // A host ends at a comma or semicolon ("wiki.contoso.com,502"); a URL's query may hold them.
            var cut = chunk.IndexOfAny(',', ';', '|');
            if (cut > 0)
            {
                chunk = chunk[..cut];
            }

            if (HostOf(chunk) is { } h && !(errorPageText && ErrorPageVendorHosts.Contains(h)))
            {
                host ??= chunk.ToString();
                coverage.Add((start + offset, start + offset + chunk.Length));
            }
            else if (IsIPv4(chunk))
            {
                ip ??= chunk.ToString();
                coverage.Add((start + offset, start + offset + chunk.Length));
            }
        }

        foreach (var link in links)
        {
            if (Uri.TryCreate(link, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
            {
                return new Found(link, catalog.FindByHost(uri.IdnHost), OnlyFiller(words, coverage));
            }
        }

        if ((url ?? host ?? ip) is { } target)
        {
            var hostName = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.IdnHost : target.Split('/')[0].Split(':')[0];
            return new Found(target, catalog.FindByHost(hostName), OnlyFiller(words, coverage));
        }

        if (catalog.FindIn(words) is { } match)
        {
            coverage.Add((match.Start, match.End));
            return new Found(match.Entry.Url ?? match.Entry.Host, match.Entry, OnlyFiller(words, coverage));
        }

        return default;
    }

    // Quotes, brackets and sentence punctuation around a link or host: "(wiki.contoso.com)," → wiki.contoso.com.
    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> chunk, out int offset)
    {
        offset = 0;
        while (chunk.Length > 0 && chunk[0] is '(' or '[' or '<' or '"' or '\'' or '`' or '*' or '{')
        {
            chunk = chunk[1..];
            offset++;
        }

        if (chunk.EndsWith("'s", StringComparison.OrdinalIgnoreCase))
        {
            chunk = chunk[..^2];
        }

        while (chunk.Length > 0 && chunk[^1] is '.' or ',' or ')' or ']' or '>' or '!' or '?' or ';' or ':' or '\'' or '"' or '`' or '*' or '}')
        {
            chunk = chunk[..^1];
        }

        return chunk;
    }

    /// <summary>The host of "host", "host:port" or "host/path" when it is a DNS name with a real-looking top-level label.</summary>
    private static string? HostOf(ReadOnlySpan<char> chunk)
    {
        var slash = chunk.IndexOf('/');
        var hostPort = slash < 0 ? chunk : chunk[..slash];
        var colon = hostPort.IndexOf(':');
        var hostName = colon < 0 ? hostPort : hostPort[..colon];
        if (colon >= 0)
        {
            var port = hostPort[(colon + 1)..];
            if (port.Length is 0 or > 5 || port.IndexOfAnyExceptInRange('0', '9') >= 0)
            {
                return null;
            }
        }

        hostName = hostName.TrimEnd('.');
        var labels = 0;
        var last = ReadOnlySpan<char>.Empty;
        foreach (var range in hostName.Split('.'))
        {
            var label = hostName[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return null;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return null;
                }
            }

            labels++;
            last = label;
        }

        var name = hostName.ToString();
        // Labels are already letters, digits and hyphens; a top-level label starts with a letter ("5.02" is a number).
        var tldOk = last.Length >= 2 && char.IsAsciiLetter(last[0]);
        return labels >= 2 && tldOk && !FileExtensions.Contains(last.ToString()) && !NotHosts.Contains(name) ? name : null;
    }

    private static bool IsIPv4(ReadOnlySpan<char> chunk)
    {
        var colon = chunk.IndexOf(':');
        var address = colon < 0 ? chunk : chunk[..colon];
        return address.Count('.') == 3 && IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && (colon < 0 || (chunk.Length - colon - 1 is > 0 and <= 5 && chunk[(colon + 1)..].IndexOfAnyExceptInRange('0', '9') < 0));
    }

    private static bool OnlyFiller(Words words, List<(int Start, int End)> coverage)
    {
        // A bare site is a few words; a longer message is something else (and is not compared word by word).
        if (words.Count > 24)
        {
            return false;
        }

        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            var covered = false;
            foreach (var (start, end) in coverage)
            {
                if (word.Start >= start && word.End <= end)
                {
                    covered = true;
                    break;
                }
            }

            if (!covered && !Filler.Contains(word.Lower))
            {
                return false;
            }
        }

        return true;
    }
}
