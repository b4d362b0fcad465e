using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Targets;

/// <summary>
/// Turns what a user typed ("wiki.contoso.com", "wiki:8443", "https://bücher.example/x", "10.1.2.3",
/// "2130706433") into a <see cref="ProbeTarget"/>, or a plain reason why it is not a target.
/// </summary>
/// <remarks>
/// IPv4 in decimal, octal or hex (WHATWG URL host parsing, which <see cref="Uri"/> follows) is normalised to
/// dotted form so that the address guard sees the real address; IPv4-mapped IPv6 is mapped to IPv4 for the same
/// reason. No scheme means https, except port 80 which means http.
/// </remarks>
public static class TargetParser
{
    private const int MaxInputLength = 2048;

    /// <summary>
    /// <paramref name="text"/> up to its first '?' or '#' and without a user name or password ("user:secret@"): what a log
    /// may show of a typed target (its query string or fragment can carry a session id or a token, its user info a
    /// password; text the parser refuses is logged too, so it is cut without being parsed).
    /// </summary>
    public static string WithoutSecrets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.IndexOfAny(['?', '#']);
        return WithoutUserInfo((cut < 0 ? text : text[..cut]).Trim());
    }

    /// <summary>What a refusal quotes of a typed target: <paramref name="text"/> trimmed, without its user name or password.</summary>
    public static string Quoted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WithoutUserInfo(text.Trim());
    }

    /// <summary><paramref name="text"/> without the user name or password before its host ("https://user:secret@host/…").</summary>
    private static string WithoutUserInfo(string text)
    {
        var authority = text.IndexOf("://", StringComparison.Ordinal) is var s and >= 0 ? s + 3 : 0;
        var end = text.IndexOfAny(['/', '?', '#'], authority) is var e and >= 0 ? e : text.Length;
        var at = end > authority ? text.LastIndexOf('@', end - 1, end - authority) : -1;
        return at < 0 ? text : text[..authority] + text[(at + 1)..];
    }

    /// <summary>The target, or null with <paramref name="error"/> the English reason (for operators and logs).</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out ProbeTarget? target, [NotNullWhen(false)] out string? error)
    {
        target = Parse(input, out var why);
        error = why?.Message;
        return target is not null;
    }

    /// <summary>The target, or null with <paramref name="error"/> saying why as facts (for readers who word it) and in English.</summary>
    public static ProbeTarget? Parse(string? input, out TargetError? error)
    {
        error = null;
        var text = input?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            error = new(TargetProblem.Empty, "No target given: type a web address such as wiki.contoso.com or https://wiki.contoso.com/page.");
            return null;
        }

        if (text.Length > MaxInputLength)
        {
            error = new(TargetProblem.TooLong, $"The target is longer than {MaxInputLength} characters.") { Limit = MaxInputLength };
            return null;
        }

        if (text.Any(char.IsWhiteSpace) || text.Any(char.IsControl))
        {
            error = new(TargetProblem.Whitespace, "A web address cannot contain spaces or control characters.");
            return null;
        }

        var schemeAt = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeAt >= 0)
        {
            var scheme = text[..schemeAt];
            if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
            {
                error = new(TargetProblem.Scheme, $"Only http and https addresses can be probed, not '{scheme}'.") { Value = scheme };
                return null;
            }
        }
        else
        {
            // A bare IPv6 literal ("::1", "fe80::1") has colons that would read as a port.
            if (text.Count(c => c == ':') > 1 && !text.StartsWith('[') && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                text = "[" + text + "]";
            }

            text = (HasPort80(text) ? "http://" : "https://") + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = new(TargetProblem.NotWebAddress, $"'{Quoted(input!)}' is not a web address.") { Value = WithoutSecrets(text) };
            return null;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            error = new(TargetProblem.Credentials, "Addresses with a user name or password are not probed (the credentials would be sent to the site).");
            return null;
        }

        var notes = new List<Finding>();
        IPAddress? address = null;
        string host;
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            address = IPAddress.Parse(uri.IdnHost);
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address.ScopeId = 0;
            }

            if (address.IsIPv4MappedToIPv6)
            {
                notes.Add(Note(FindingKind.TargetMappedIpv4, address.ToString(), address.MapToIPv4().ToString(), $"{address} is the IPv4 address {address.MapToIPv4()} written as IPv6."));
                address = address.MapToIPv4();
            }

            var typedHost = RawHost(text);
            if (uri.HostNameType == UriHostNameType.IPv4 && !string.Equals(typedHost, uri.Host, StringComparison.Ordinal))
            {
                notes.Add(Note(FindingKind.TargetIpv4Notation, typedHost, uri.Host, $"'{typedHost}' is the IPv4 address {uri.Host} written in another notation."));
            }

            host = uri.IdnHost;
        }
        else if (uri.HostNameType == UriHostNameType.Dns)
        {
            try
            {
                host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
            }
            catch (UriFormatException)
            {
                error = new(TargetProblem.Host, $"'{uri.Host}' is not a valid internationalised host name.") { Value = uri.Host };
                return null;
            }

            if (!IsValidDnsName(host))
            {
                error = new(TargetProblem.Host, $"'{uri.Host}' is not a valid host name.") { Value = uri.Host };
                return null;
            }

            if (!string.Equals(host, uri.Host.TrimEnd('.').ToLowerInvariant(), StringComparison.Ordinal))
            {
                notes.Add(Note(FindingKind.TargetPunycode, uri.Host, host, $"{uri.Host} is written {host} in DNS (punycode)."));
            }
        }
        else
        {
            error = new(TargetProblem.Host, $"'{uri.Host}' is not a host name or IP address.") { Value = uri.Host };
            return null;
        }

        var builder = new UriBuilder(uri) { Fragment = string.Empty };
        if (address is null)
        {
            builder.Host = host;
        }

        return new ProbeTarget(input!.Trim(), builder.Uri, host, uri.Port, address, notes);
    }

    /// <summary>A normalisation worth telling, as a finding: its facts for the readers, its English sentence for the API.</summary>
    private static Finding Note(FindingKind kind, string written, string host, string message) =>
        new(FindingSeverity.Info, "target.normalised", message) { Kind = kind, Values = new FindingValues { Host = host, Names = [written] } };

    private static bool HasPort80(string text)
    {
        var end = text.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? text : text[..end];
        return authority.EndsWith(":80", StringComparison.Ordinal);
    }

    private static string RawHost(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOfAny(['/', '?', '#', ':'], start);
        return end < 0 ? url[start..] : url[start..end];
    }

    /// <summary>RFC 1123 host name: labels of letters, digits and hyphens, 1..63 each, 253 in all.</summary>
    private static bool IsValidDnsName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}

/// <summary>Why a target is not a web address the probes take: the problem and its facts, and the English sentence.</summary>
/// <param name="Message">For operators (the `probe` command, the API's <c>verdict.detail</c>, logs).</param>
public sealed record TargetError(TargetProblem Problem, string Message)
{
    /// <summary>The part at fault: the scheme, the host, or the address typed (without its query string).</summary>
    public string? Value { get; init; }

    /// <summary>The longest target taken (<see cref="TargetProblem.TooLong"/>).</summary>
    public int? Limit { get; init; }

    /// <summary>The facts a <see cref="FindingKind.TargetInvalid"/> finding names.</summary>
    public FindingValues Values => new()
    {
        Reason = WireNames.Of(Problem),
        Names = Value is null ? null : [Value],
        Count = Limit,
    };
}
