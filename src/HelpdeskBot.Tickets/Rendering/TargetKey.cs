using HelpdeskBot.Tickets.Escalations;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>The key that groups reports about "the same target": the lower-case host name (and port if not default).</summary>
public static class TargetKey
{
    public static string HostOf(EscalationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Diagnosis is { } diagnosis && !string.IsNullOrEmpty(diagnosis.Target.Host))
        {
            return diagnosis.Target.Host.ToLowerInvariant();
        }

        return Parse(request.Target).Host;
    }

    public static string Of(EscalationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Of(request.Diagnosis, request.Target);
    }

    /// <summary>The key of a report of <paramref name="target"/>, from its diagnosis when there is one.</summary>
    public static string Of(Probes.Diagnosis.Diagnosis? diagnosis, string target)
    {
        if (diagnosis is not null && !string.IsNullOrEmpty(diagnosis.Target.Host))
        {
            var t = diagnosis.Target;
            var defaultPort = t.Scheme == "http" ? 80 : 443;
            return t.Port == defaultPort || t.Port == 0 ? t.Host.ToLowerInvariant() : $"{t.Host.ToLowerInvariant()}:{t.Port}";
        }

        var (host, port) = Parse(target);
        return port is null ? host : $"{host}:{port}";
    }

    private static (string Host, int? Port) Parse(string target)
    {
        var text = (target ?? string.Empty).Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.IdnHost))
        {
            return (uri.IdnHost.ToLowerInvariant(), uri.IsDefaultPort ? null : uri.Port);
        }

        return ((target ?? string.Empty).Trim().ToLowerInvariant(), null);
    }
}
