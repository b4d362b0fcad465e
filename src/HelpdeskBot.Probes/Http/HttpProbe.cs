using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.RegularExpressions;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Dns;
using HelpdeskBot.Probes.Fingerprints;
using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Probes.Targets;
using HelpdeskBot.Probes.Tcp;
using HelpdeskBot.Probes.Tls;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes.Http;

/// <summary>
/// One HTTP attempt on a fresh, unpooled <see cref="SocketsHttpHandler"/> (a reused connection would hide DNS,
/// connect and TLS), timed per phase like blackbox_exporter. Connections go only to addresses the guard
/// approved (<see cref="SocketsHttpHandler.ConnectCallback"/> + <see cref="TcpConnector"/>); redirects are
/// followed by hand and each hop is resolved and checked again.
/// </summary>
internal sealed partial class HttpProbe
{
    private readonly ProbesOptions _options;
    private readonly TimeProvider _time;
    private readonly TcpConnector _connector;
    private readonly DnsProbe _dns;
    private readonly AddressGuard _guard;
    private readonly FingerprintCatalogue _catalogue;

    public HttpProbe(IOptions<ProbesOptions> options, TimeProvider time, TcpConnector connector, DnsProbe dns, AddressGuard guard, FingerprintCatalogue catalogue)
    {
        _options = options.Value;
        _time = time;
        _connector = connector;
        _dns = dns;
        _guard = guard;
        _catalogue = catalogue;
    }

    /// <param name="addresses">The checked, pinned addresses of the target host.</param>
    /// <param name="proxy">Go through this egress proxy instead of connecting directly.</param>
    /// <param name="captureTls">Record the TLS handshake (certificate, chain) as evidence.</param>
    public async Task<HttpAttemptResult> AttemptAsync(
        ProbeTarget target,
        IReadOnlyList<IPAddress> addresses,
        int attempt,
        Uri? proxy,
        bool captureTls,
        TimeSpan dnsTime,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var state = new AttemptState(_time, captureTls);
        state.Pins[target.Host] = [.. addresses];
        using var handler = CreateHandler(state, proxy);
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);

        var started = _time.GetTimestamp();
        var url = target.Uri;
        var redirects = new List<string>();
        string? blocked = null;
        int? status = null;
        string? error = null;
        string? title = null;
        string? snippet = null;
        HopIdentity? answeredBy = null;
        IReadOnlyDictionary<string, string> hopHeaders = new Dictionary<string, string>();
        var ttfb = TimeSpan.Zero;
        try
        {
            while (true)
            {
                state.HopStarted = _time.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, url)
                {
                    Version = HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                };
                request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
                request.Headers.TryAddWithoutValidation("Cache-Control", "no-cache");
                using var response = await invoker.SendAsync(request, cts.Token).ConfigureAwait(false);
                ttfb = _time.GetElapsedTime(state.TlsDone != 0 ? state.TlsDone : state.ConnectDone != 0 ? state.ConnectDone : state.HopStarted);
                status = (int)response.StatusCode;
                var allHeaders = CollectHeaders(response, out var hops);
                hopHeaders = hops;

                if (status is >= 300 and < 400 && response.Headers.Location is { } location && redirects.Count < _options.MaxRedirects)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    redirects.Add(next.ToString());
                    blocked = await PinRedirectAsync(next, state, cts.Token).ConfigureAwait(false);
                    if (blocked is not null)
                    {
                        error = $"redirect to {next} refused: {blocked}";
                        break;
                    }

                    url = next;
                    continue;
                }

                var body = await ReadBodyAsync(response, cts.Token).ConfigureAwait(false);
                title = ExtractTitle(body);
                snippet = Snippet(body);
                answeredBy = _catalogue.Match(status.Value, allHeaders, title, body);
                break;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var phase = state.ConnectDone == 0 ? "connecting" : target.IsHttps && state.TlsDone == 0 ? "in the TLS handshake" : "waiting for the response";
            error = $"timeout after {timeout.TotalSeconds:0.##} s {phase}";
        }
        catch (HttpRequestException e)
        {
            error = Describe(e, state);
            blocked ??= state.BlockedReason;
        }
        catch (IOException e)
        {
            error = "the connection broke while reading the response: " + e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A probe reports, it does not throw: whatever else went wrong is evidence too.
            error = $"the probe failed: {e.GetType().Name}: {e.Message}";
        }

        var total = _time.GetElapsedTime(started);
        var connect = state.ConnectDone == 0 ? TimeSpan.Zero : _time.GetElapsedTime(state.HopStarted, state.ConnectDone);
        var tls = state.TlsDone == 0 || state.ConnectDone == 0 || !target.IsHttps ? TimeSpan.Zero : _time.GetElapsedTime(state.ConnectDone, state.TlsDone);
        var timings = new PhaseTimings(dnsTime, connect, tls, ttfb, total + dnsTime);
        var via = proxy is null ? "direct" : "proxy";
        var evidence = new HttpAttemptEvidence(attempt, via, url.ToString(), status, error, timings, hopHeaders, title, snippet, answeredBy, redirects);
        TlsEvidence? tlsEvidence = null;
        if (captureTls && target.IsHttps && state.ConnectDone != 0)
        {
            var tlsError = state.TlsError ?? (state.Tls.CertificateSeen ? null : error ?? "no certificate was received");
            tlsEvidence = state.Tls.ToEvidence(tls, tlsError);
        }

        return new HttpAttemptResult(evidence, state.Connects, tlsEvidence, blocked);
    }

    private SocketsHttpHandler CreateHandler(AttemptState state, Uri? proxy)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = proxy is not null,
            Proxy = proxy is null ? null : new WebProxy(proxy),
            MaxResponseHeadersLength = _options.MaxResponseHeadersKiB,
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectTimeout = _options.ConnectTimeout,
            ConnectCallback = (context, ct) => ConnectAsync(context, state, proxy, ct),
            // A probe looks like any client: no traceparent/baggage headers carrying our trace ids to the probed site.
            ActivityHeadersPropagator = null,
            PlaintextStreamFilter = (context, _) =>
            {
                state.TlsDone = _time.GetTimestamp();
                if (context.PlaintextStream is SslStream ssl)
                {
                    state.Tls.Protocol ??= ssl.SslProtocol.ToString();
                }

                return ValueTask.FromResult(context.PlaintextStream);
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            !state.CaptureTls || state.Tls.Capture(certificate, chain, errors);
        return handler;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, AttemptState state, Uri? proxy, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        if (proxy is not null && string.Equals(host, proxy.IdnHost, StringComparison.OrdinalIgnoreCase) && port == proxy.Port)
        {
            // The egress proxy is configuration, not user input: it is not subject to the guard.
            var proxyAddresses = IPAddress.TryParse(host, out var literal) ? [literal] : await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            var proxySocket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await proxySocket.ConnectAsync(proxyAddresses, port, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                proxySocket.Dispose();
                throw;
            }

            state.ConnectDone = _time.GetTimestamp();
            return new NetworkStream(proxySocket, ownsSocket: true);
        }

        var key = host.TrimStart('[').TrimEnd(']');
        if (!state.Pins.TryGetValue(key, out var pinned))
        {
            state.BlockedReason = $"{host} was not resolved and checked first";
            throw new IOException(state.BlockedReason);
        }

        TcpEvidence? last = null;
        foreach (var address in pinned)
        {
            var (socket, evidence) = await _connector.ConnectAsync(address, port, key, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            state.Connects.Add(evidence);
            last = evidence;
            if (socket is not null)
            {
                state.ConnectDone = _time.GetTimestamp();
                return new NetworkStream(socket, ownsSocket: true);
            }

            if (evidence.Outcome == "blocked")
            {
                state.BlockedReason = evidence.Error;
            }
        }

        throw new ProbeConnectException(last);
    }

    /// <returns>Null when the redirect target may be followed (and is now pinned); else why not.</returns>
    private async Task<string?> PinRedirectAsync(Uri next, AttemptState state, CancellationToken cancellationToken)
    {
        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
        {
            return $"only http and https are followed, not {next.Scheme}";
        }

        if (!string.IsNullOrEmpty(next.UserInfo))
        {
            return "the redirect carries credentials";
        }

        var port = _guard.CheckPort(next.Port);
        if (!port.Allowed)
        {
            return port.Reason;
        }

        var host = next.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (state.Pins.ContainsKey(host))
        {
            return null;
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
            host = literal.ToString();
        }
        else
        {
            var answer = await _dns.ResolveWithSystemAsync(host, cancellationToken).ConfigureAwait(false);
            if (answer.Outcome != "ok")
            {
                return $"{host} does not resolve ({answer.Error})";
            }

            addresses = [.. answer.Addresses.Select(IPAddress.Parse).Take(_options.MaxAddresses)];
        }

        foreach (var address in addresses)
        {
            var decision = _guard.CheckAddress(address, host);
            if (!decision.Allowed)
            {
                return decision.Reason;
            }
        }

        state.Pins[host] = addresses;
        return null;
    }

    private static Dictionary<string, string> CollectHeaders(HttpResponseMessage response, out Dictionary<string, string> hops)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        hops = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.NonValidated)
        {
            Add(all, hops, header.Key, header.Value);
        }

        foreach (var header in response.Content.Headers.NonValidated)
        {
            Add(all, hops, header.Key, header.Value);
        }

        return all;

        static void Add(Dictionary<string, string> all, Dictionary<string, string> hops, string name, System.Net.Http.Headers.HeaderStringValues values)
        {
            var value = values.Count == 1 ? values.ToString() : string.Join(", ", values);
            all[name] = value;
            if (HopHeaders.Names.Contains(name))
            {
                hops[name] = value.Length <= 256 ? value : value[..256];
            }
        }
    }

    /// <summary>Reads at most Probes:MaxBodyBytes into a pooled buffer; the rest of the body is never read.</summary>
    private async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxBodyBytes);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var read = 0;
            while (read < _options.MaxBodyBytes)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read, _options.MaxBodyBytes - read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? ExtractTitle(string body)
    {
        Match m;
        try
        {
            m = TitleRegex().Match(body);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        if (!m.Success)
        {
            return null;
        }

        var title = WebUtility.HtmlDecode(WhitespaceRegex().Replace(m.Groups[1].Value, " ").Trim());
        return title.Length <= 200 ? title : title[..200];
    }

    private string? Snippet(string body)
    {
        if (body.Length == 0 || _options.BodySnippetChars == 0)
        {
            return null;
        }

        var text = body.Length > _options.BodySnippetChars ? body[.._options.BodySnippetChars] : body;
        return text;
    }

    private static string Describe(HttpRequestException e, AttemptState state)
    {
        if (state.BlockedReason is not null)
        {
            return "refused by the safety policy: " + state.BlockedReason;
        }

        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case ProbeConnectException { Evidence: { } tcp }:
                    return $"could not connect to {tcp.Address}:{tcp.Port}: {tcp.Error}";
                case AuthenticationException auth:
                    state.TlsError = "TLS handshake failed: " + auth.Message;
                    return state.TlsError;
                case SocketException s when s.SocketErrorCode == SocketError.ConnectionReset:
                    return "the server reset the connection before answering";
            }
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => "the server closed the connection without answering",
            HttpRequestError.InvalidResponse => "the server sent something that is not a valid HTTP response",
            HttpRequestError.ConfigurationLimitExceeded => "the response headers exceed the size limit",
            HttpRequestError.SecureConnectionError => state.TlsError = "TLS handshake failed: " + (e.InnerException?.Message ?? e.Message),
            _ => e.InnerException?.Message ?? e.Message,
        };
    }

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TitleRegex();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRegex();

    private sealed class AttemptState(TimeProvider time, bool captureTls)
    {
        public Dictionary<string, IPAddress[]> Pins { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<TcpEvidence> Connects { get; } = [];

        public TlsCapture Tls { get; } = new(time);

        public bool CaptureTls { get; } = captureTls;

        public long HopStarted { get; set; }

        public long ConnectDone { get; set; }

        public long TlsDone { get; set; }

        public string? TlsError { get; set; }

        public string? BlockedReason { get; set; }
    }
}

/// <summary>No pinned address accepted the connection; carries the last connect's evidence.</summary>
internal sealed class ProbeConnectException(TcpEvidence? evidence)
    : IOException(evidence?.Error ?? "no address to connect to")
{
    public TcpEvidence? Evidence { get; } = evidence;
}
