using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.RegularExpressions;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Dns;
using HelpdeskBot.Probes.Fingerprints;
using HelpdeskBot.Probes.Hops;
using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Probes.Targets;
using HelpdeskBot.Probes.Tcp;
using HelpdeskBot.Probes.Tls;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes.Http;

/// <summary>
/// One HTTP attempt on a fresh connection the probe opens itself (a reused connection would hide DNS, connect and
/// TLS), timed per phase like blackbox_exporter: connect, TLS, time to first byte, total. The TCP connection goes
/// only to an address the guard approved (<see cref="TcpConnector"/>), TLS runs on it with the certificate recorded
/// from inside the handshake, and the request is one HTTP/2 exchange when ALPN chose h2 (<see cref="Http2Exchange"/>),
/// else one HTTP/1.1 exchange (<see cref="Http1Exchange"/>). Redirects are
/// followed by hand, each hop resolved and checked again, each on a new connection.
/// </summary>
/// <remarks>
/// Measured (docs/benchmarks.md, probes): a fresh SocketsHttpHandler + HttpMessageInvoker per attempt cost about
/// twice the CPU of this exchange for one loopback 502, which kept the diagnosis API below blackbox_exporter's rate.
/// </remarks>
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
    /// <param name="http11Only">Offer only HTTP/1.1 by ALPN (the check made when attempts over HTTP/2 failed).</param>
    public async Task<HttpAttemptResult> AttemptAsync(
        ProbeTarget target,
        IReadOnlyList<IPAddress> addresses,
        int attempt,
        Uri? proxy,
        bool captureTls,
        TimeSpan dnsTime,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        bool http11Only = false)
    {
        var state = new AttemptState(_time, captureTls) { OfferHttp2 = !http11Only };
        state.Pins[target.Host] = [.. addresses];
        using var cts = new Deadline(timeout, _time, cancellationToken);

        var started = _time.GetTimestamp();
        var url = target.Uri;
        var redirects = new List<string>();
        RedirectBlock? blocked = null;
        int? status = null;
        string? error = null;
        ProbeFailure? failure = null;
        var http2Broke = false;
        string? title = null;
        string? snippet = null;
        HopIdentity? answeredBy = null;
        IReadOnlyList<HopIdentity> chain = [];
        IReadOnlyDictionary<string, string> hopHeaders = new Dictionary<string, string>();
        var ttfb = TimeSpan.Zero;
        try
        {
            while (true)
            {
                state.StartHop(_time.GetTimestamp(), url.Scheme == Uri.UriSchemeHttps);
                var connection = await OpenAsync(url, state, proxy, cts.Token).ConfigureAwait(false);
                state.Protocol = connection.Http2 ? Http2Exchange.Protocol : Http1Exchange.Protocol;
                var stream = connection.Stream;
                var exchange = connection.Exchange;
                Http2Exchange? h2 = null;
                try
                {
                    Http1Head head;
                    if (connection.ProxyAnswer is { } refusedTunnel)
                    {
                        // The proxy answered the CONNECT itself: its answer is what a browser behind it would show.
                        head = refusedTunnel;
                        error = $"the proxy did not open a tunnel to {url.Authority} (HTTP {head.Status})";
                        failure = new ProbeFailure(FailureKind.ProxyUnreachable) { Detail = url.Authority };
                    }
                    else if (connection.Http2)
                    {
                        h2 = new Http2Exchange(stream, _time, _options.MaxResponseHeadersKiB * 1024);
                        await h2.SendGetAsync(HostHeader(url), url.PathAndQuery, _options.UserAgent, _options.MaxBodyBytes, cts.Token).ConfigureAwait(false);
                        head = await h2.ReadHeadAsync(cts.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        var request = Http1Exchange.Request("GET", proxy is not null && url.Scheme == Uri.UriSchemeHttp ? AbsoluteForm(url) : url.PathAndQuery, HostHeader(url), _options.UserAgent);
                        await stream.WriteAsync(request, cts.Token).ConfigureAwait(false);
                        head = await exchange.ReadHeadAsync(cts.Token).ConfigureAwait(false);
                    }

                    state.HeadRead = true;
                    ttfb = _time.GetElapsedTime(state.ReadyAt, h2?.HeadAt ?? exchange.FirstByte);
                    status = head.Status;
                    hopHeaders = HopHeadersOf(head.Headers);

                    if (connection.ProxyAnswer is null && status is >= 300 and < 400 && head.Headers.TryGetValue("Location", out var location)
                        && redirects.Count < _options.MaxRedirects && Uri.TryCreate(url, location, out var next))
                    {
                        redirects.Add(next.ToString());
                        blocked = await PinRedirectAsync(next, state, cts.Token).ConfigureAwait(false);
                        if (blocked is not null)
                        {
                            error = $"redirect to {next} refused: {blocked.Reason}";
                            failure = new ProbeFailure(FailureKind.RedirectRefused);
                            break;
                        }

                        url = next;
                        continue;
                    }

                    var body = h2 is not null
                        ? await ReadBodyAsync(h2.ReadBodyAsync, cts.Token).ConfigureAwait(false)
                        : await ReadBodyAsync((buffer, max, token) => exchange.ReadBodyAsync(head, isHead: false, buffer, max, token), cts.Token).ConfigureAwait(false);
                    title = ExtractTitle(body);
                    snippet = Snippet(body);
                    (answeredBy, chain) = WhoAnswered(status.Value, head.Headers, title, body);
                    break;
                }
                finally
                {
                    h2?.Dispose();
                    exchange.Dispose();
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var (phase, kind) = state.ConnectDone == 0 ? ("connecting", FailureKind.TimeoutConnecting)
                : state.Https && state.TlsDone == 0 ? ("in the TLS handshake", FailureKind.TimeoutTls)
                : ("waiting for the response", FailureKind.TimeoutResponse);
            error = $"timeout after {timeout.TotalSeconds:0.##} s {phase}";
            failure = new ProbeFailure(kind) { Seconds = timeout.TotalSeconds };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A probe reports, it does not throw: whatever went wrong on the wire is evidence.
            (error, failure) = Describe(e, state);
            http2Broke = status is null && state.Protocol == Http2Exchange.Protocol && e is IOException;
            blocked ??= state.BlockedReason;
        }

        var total = _time.GetElapsedTime(started);
        var connect = state.ConnectDone == 0 ? TimeSpan.Zero : _time.GetElapsedTime(state.HopStarted, state.ConnectDone);
        var tls = state.TlsDone == 0 || state.ConnectDone == 0 || !target.IsHttps ? TimeSpan.Zero : _time.GetElapsedTime(state.ConnectDone, state.TlsDone);
        var timings = new PhaseTimings(dnsTime, connect, tls, ttfb, total + dnsTime);
        var via = proxy is null ? "direct" : "proxy";
        var evidence = new HttpAttemptEvidence(attempt, via, url.ToString(), status, error, timings, hopHeaders, title, snippet, answeredBy, redirects)
        {
            Protocol = state.Protocol,
            Chain = chain,
            ProtocolCheck = http11Only,
            Failure = failure,
        };
        TlsEvidence? tlsEvidence = null;
        if (captureTls && target.IsHttps && state.ConnectDone != 0)
        {
            var (tlsError, tlsFailure) = state.TlsError is not null ? (state.TlsError, state.TlsFailure)
                : state.Tls.CertificateSeen ? (null, null)
                : error is not null ? (error, failure)
                : ("no certificate was received", new ProbeFailure(FailureKind.TlsNoCertificate));
            tlsEvidence = state.Tls.ToEvidence(tls, tlsError, tlsFailure);
        }

        return new HttpAttemptResult(evidence, state.Connects, tlsEvidence, blocked) { Http2Broke = http2Broke };
    }

    /// <summary>
    /// The catalogue keeps precedence where it knows the product's error; a hop that says in Proxy-Status that it failed
    /// outranks a catalogue entry that only identifies a product; otherwise a hop outside the catalogue is named by
    /// what it calls itself (Via, Cache-Status, Server, vendor headers).
    /// </summary>
    private (HopIdentity? AnsweredBy, IReadOnlyList<HopIdentity> Chain) WhoAnswered(int status, Dictionary<string, string> headers, string? title, string body)
    {
        var known = _catalogue.Match(status, headers, title, body);
        if (status < 500)
        {
            return (known, []); // a working answer: the chain matters only for an error
        }

        var reading = HopReader.Read(status, headers);
        var hop = known switch
        {
            { Fault: not HopFault.None } => known,
            _ when reading.Generator is { ErrorType: not null } => reading.Generator,
            _ => known ?? reading.Generator,
        };
        return (hop, reading.Chain);
    }

    /// <returns>Null when the redirect target may be followed (and is now pinned); else why not.</returns>
    private async Task<RedirectBlock?> PinRedirectAsync(Uri next, AttemptState state, CancellationToken cancellationToken)
    {
        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
        {
            return RedirectBlock.Scheme(next.Scheme);
        }

        if (!string.IsNullOrEmpty(next.UserInfo))
        {
            return RedirectBlock.Credentials();
        }

        var port = _guard.CheckPort(next.Port);
        if (!port.Allowed)
        {
            return RedirectBlock.PortRefused(next.Port, port);
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
            if (answer.Outcome != ResolverOutcome.Ok)
            {
                return RedirectBlock.Unresolved(host, answer);
            }

            addresses = [.. answer.Addresses.Select(IPAddress.Parse).Take(_options.MaxAddresses)];
        }

        foreach (var address in addresses)
        {
            var decision = _guard.CheckAddress(address, host);
            if (!decision.Allowed)
            {
                return RedirectBlock.AddressRefused(address, decision);
            }
        }

        state.Pins[host] = addresses;
        return null;
    }

    private static Dictionary<string, string> HopHeadersOf(Dictionary<string, string> headers)
    {
        var hops = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (HopHeaders.Names.Contains(name) || HopReader.IsVendorHeader(name))
            {
                hops[name] = value.Length <= 256 ? value : value[..256];
            }
        }

        return hops;
    }

    /// <summary>Reads at most Probes:MaxBodyBytes into a pooled buffer; the rest of the body is never read.</summary>
    private async Task<string> ReadBodyAsync(Func<byte[], int, CancellationToken, Task<int>> read, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxBodyBytes);
        try
        {
            var length = await read(buffer, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            return Encoding.UTF8.GetString(buffer, 0, length);
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

    /// <summary>What went wrong on the wire: the operators' English text and the fact the readers word.</summary>
    private static (string Error, ProbeFailure Failure) Describe(Exception e, AttemptState state)
    {
        if (state.BlockedReason is not null)
        {
            return ("refused by the safety policy: " + state.BlockedReason.Reason, new(FailureKind.RedirectRefused));
        }

        switch (e)
        {
            case ProbeConnectException { Evidence: { } tcp }:
                return ($"could not connect to {tcp.Address}:{tcp.Port}: {tcp.Error}", tcp.Failure ?? new(FailureKind.ConnectFailed));
            case ProbeConnectException:
                return ("could not connect: " + e.Message, new(FailureKind.NoAddress));
            case ProxyConnectException proxy:
                return (e.Message, new(FailureKind.ProxyUnreachable) { Detail = proxy.Proxy });
            case Http1Exception h1:
                return (e.Message, new(h1.Failure switch
                {
                    Http1Failure.NoResponse => FailureKind.ClosedWithoutAnswer,
                    Http1Failure.HeadersTooLarge => FailureKind.HeadersTooLarge,
                    Http1Failure.Truncated => FailureKind.ClosedMidResponse,
                    _ => FailureKind.InvalidResponse,
                }));
            case Http2Exception h2:
                return ($"the HTTP/2 exchange failed: {e.Message}", Http2Failure(h2));
        }

        if (state.Https && state.ConnectDone != 0 && state.TlsDone == 0)
        {
            // Whatever broke the handshake (alert, plain HTTP on the port, reset) is a TLS finding.
            state.TlsError = "TLS handshake failed: " + (e is AuthenticationException || e.InnerException is null ? e.Message : e.InnerException.Message);
            state.TlsFailure = TlsHandshakeFailure.Of(e);
            return (state.TlsError, state.TlsFailure);
        }

        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return state.HeadRead
                    ? ("the connection broke while reading the response: the server reset it", new(FailureKind.ResetWhileReading))
                    : ("the server reset the connection before answering", new(FailureKind.ResetBeforeAnswer));
            }
        }

        return e is IOException && state.HeadRead
            ? ("the connection broke while reading the response: " + e.Message, new(FailureKind.BrokeWhileReading) { Detail = e.GetType().Name })
            : ($"the probe failed: {e.GetType().Name}: {e.Message}", new(FailureKind.Other) { Detail = e.GetType().Name });
    }

    private static ProbeFailure Http2Failure(Http2Exception e)
    {
        var code = Http2Errors.Name(e.Error);
        return e.Kind switch
        {
            Http2Break.StreamReset => new(FailureKind.Http2StreamReset) { Detail = code },
            Http2Break.GoAway => new(FailureKind.Http2GoAway) { Detail = code },
            Http2Break.ClosedWithoutAnswer => new(FailureKind.ClosedWithoutAnswer),
            Http2Break.ClosedMidResponse => new(FailureKind.ClosedMidResponse),
            Http2Break.HeadersTooLarge => new(FailureKind.HeadersTooLarge),
            _ => new(FailureKind.Http2Protocol) { Detail = code },
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

        /// <summary>The current hop is https (a redirect may change the scheme).</summary>
        public bool Https { get; private set; }

        public long HopStarted { get; private set; }

        public long ConnectDone { get; set; }

        public long TlsDone { get; set; }

        /// <summary>When the request could go out: after TLS for https, after connect for http.</summary>
        public long ReadyAt => TlsDone != 0 ? TlsDone : ConnectDone != 0 ? ConnectDone : HopStarted;

        public bool HeadRead { get; set; }

        public string? TlsError { get; set; }

        public ProbeFailure? TlsFailure { get; set; }

        /// <summary>The protocol of the exchange that answered: "h2" or "http/1.1".</summary>
        public string? Protocol { get; set; }

        /// <summary>Offer h2 as well as http/1.1 by ALPN (https only; browsers speak HTTP/2 over TLS only).</summary>
        public bool OfferHttp2 { get; init; } = true;

        public RedirectBlock? BlockedReason { get; set; }

        public void StartHop(long now, bool https)
        {
            HopStarted = now;
            Https = https;
            ConnectDone = 0;
            TlsDone = 0;
            HeadRead = false;
        }
    }
}

/// <summary>No pinned address accepted the connection; carries the last connect's evidence.</summary>
internal sealed class ProbeConnectException(TcpEvidence? evidence)
    : IOException(evidence?.Error ?? "no address to connect to")
{
    public TcpEvidence? Evidence { get; } = evidence;
}
