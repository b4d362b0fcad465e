using System.Net;
using HelpdeskBot.Probes.Diagnosis;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes.Control;

/// <summary>
/// Fetches the configured reference URLs (Probes:ControlUrls). Any HTTP answer counts as reachable: the
/// question is only whether the bot's own network works. These URLs are configuration, not user input, so
/// they are not subject to the address guard.
/// </summary>
internal sealed class ControlProbe
{
    private readonly ProbesOptions _options;
    private readonly TimeProvider _time;

    public ControlProbe(IOptions<ProbesOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    public bool IsConfigured => _options.ControlUrls.Count > 0;

    public async Task<ControlEvidence> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_options.ControlUrls.Select(u => ReachableAsync(u, timeout, cancellationToken))).ConfigureAwait(false);
        var failed = _options.ControlUrls.Where((_, i) => !results[i]).ToArray();
        return new ControlEvidence(results.Count(r => r), results.Length, failed);
    }

    private async Task<bool> ReachableAsync(string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.Zero,
            ActivityHeadersPropagator = null, // our trace ids stay ours: reference sites get no traceparent
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var cts = new Deadline(timeout, _time, cancellationToken);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url) { Version = HttpVersion.Version11 };
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            using var response = await invoker.SendAsync(request, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
