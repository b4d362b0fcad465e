using HelpdeskBot.Probes.Targets;

namespace HelpdeskBot.Conversations;

/// <summary>
/// A reported target as the logs may show it. What a user names can be a whole URL whose query string or fragment
/// carries a session id or a token ("…/report?sig=…"), so Information logs get the host name alone, as Probes logs
/// it, and Debug the URL without its query string and fragment (user info never gets this far: the parser refuses
/// it). Text that is no web address has no host; at Debug it is cut at the first '?' or '#' and loses its user info too.
/// </summary>
internal readonly record struct LoggedTarget(string? Host, string? Url)
{
    public static LoggedTarget From(string? target)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            return default;
        }

        if (TargetParser.TryParse(target, out var parsed, out _))
        {
            return new LoggedTarget(parsed.Host, parsed.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
        }

        return new LoggedTarget(null, TargetParser.WithoutSecrets(target));
    }
}
