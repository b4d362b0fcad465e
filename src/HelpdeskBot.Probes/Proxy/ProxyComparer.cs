using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Http;

namespace HelpdeskBot.Probes.Proxy;

/// <summary>Compares the attempts made directly and through Probes:EgressProxy.</summary>
internal static class ProxyComparer
{
    public static PathComparison Compare(IReadOnlyList<HttpAttemptResult> direct, IReadOnlyList<HttpAttemptResult> viaProxy, string proxyName)
    {
        var df = direct.Count(a => a.Failed);
        var pf = viaProxy.Count(a => a.Failed);
        var conclusion = (df, pf) switch
        {
            (0, 0) => "works both directly and through the proxy",
            _ when df == 0 && pf > 0 => $"works directly but fails through the proxy {proxyName} ({pf} of {viaProxy.Count}): the proxy is the problem",
            _ when df > 0 && pf == 0 => $"fails directly ({df} of {direct.Count}) but works through the proxy {proxyName}",
            _ => $"fails both directly ({df} of {direct.Count}) and through the proxy ({pf} of {viaProxy.Count}): not the proxy",
        };
        return new PathComparison(df, direct.Count, pf, viaProxy.Count, conclusion);
    }
}
