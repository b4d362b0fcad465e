using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Probes.Http;

/// <summary>Opening one hop's connection: pinned TCP (or the egress proxy, with a CONNECT tunnel for https), then TLS.</summary>
internal sealed partial class HttpProbe
{
    private async Task<OpenConnection> OpenAsync(Uri url, AttemptState state, Uri? proxy, CancellationToken cancellationToken)
    {
        var https = url.Scheme == Uri.UriSchemeHttps;
        Stream stream = proxy is null
            ? await ConnectPinnedAsync(url, state, cancellationToken).ConfigureAwait(false)
            : await ConnectProxyAsync(proxy, cancellationToken).ConfigureAwait(false);
        var exchange = new Http1Exchange(stream, _time, _options.MaxResponseHeadersKiB * 1024);
        try
        {
            if (proxy is not null && https)
            {
                // RFC 9110 §9.3.6: CONNECT host:port; a 2xx opens the tunnel, anything else is the proxy's own answer.
                var authority = HostHeader(url, withDefaultPort: true);
                await stream.WriteAsync(Http1Exchange.Request("CONNECT", authority, authority, _options.UserAgent), cancellationToken).ConfigureAwait(false);
                var answer = await exchange.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
                if (answer.Status is < 200 or >= 300)
                {
                    state.ConnectDone = _time.GetTimestamp();
                    return new OpenConnection(stream, exchange, answer, Http2: false);
                }

                exchange.Dispose();
                exchange = new Http1Exchange(stream, _time, _options.MaxResponseHeadersKiB * 1024);
            }

            state.ConnectDone = _time.GetTimestamp();
            if (!https)
            {
                return new OpenConnection(stream, exchange, null, Http2: false);
            }

            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = ssl;
            exchange.Dispose();
            exchange = new Http1Exchange(ssl, _time, _options.MaxResponseHeadersKiB * 1024);
            await ssl.AuthenticateAsClientAsync(TlsOptions(url, state), cancellationToken).ConfigureAwait(false);
            state.TlsDone = _time.GetTimestamp();
            state.Tls.Protocol ??= ssl.SslProtocol.ToString();
            return new OpenConnection(ssl, exchange, null, ssl.NegotiatedApplicationProtocol == SslApplicationProtocol.Http2);
        }
        catch
        {
            exchange.Dispose();
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static SslClientAuthenticationOptions TlsOptions(Uri url, AttemptState state) => new()
    {
        // SNI carries the name; for an IP literal SslStream sends none and checks the certificate's IP SANs.
        TargetHost = url.IdnHost, // without brackets for IPv6
        // What browsers offer: h2 first, then http/1.1 (RFC 7301); the server picks.
        ApplicationProtocols = state.OfferHttp2 ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : [SslApplicationProtocol.Http11],
        EnabledSslProtocols = SslProtocols.None, // the operating system's choice, as browsers do
        CertificateChainPolicy = ChainPolicy(state.CaptureTls),
        // Record what the handshake showed and go on: the verdict reports a bad certificate, the probe still looks behind it.
        RemoteCertificateValidationCallback = (_, certificate, chain, errors) => !state.CaptureTls || state.Tls.Capture(certificate, chain, errors),
    };

    /// <summary>
    /// The chain the handshake builds. Nothing is fetched: no revocation lists or OCSP, and no intermediate certificates
    /// from the certificate's AIA URLs, which the server chooses and could point at 169.254.169.254 or the intranet
    /// (the guard never sees those requests). Only the attempt that records TLS evidence checks against the system
    /// roots; the other attempts accept any certificate anyway, and building against ~150 system roots was the
    /// largest cost of a full diagnosis (perf: X509_NAME_cmp and the store sort in every handshake).
    /// </summary>
    private static X509ChainPolicy ChainPolicy(bool againstSystemRoots)
    {
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        if (!againstSystemRoots)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust; // an empty custom store: nothing to search
        }

        return policy;
    }

    /// <summary>Connects to one of the host's pinned, guard-checked addresses (the first that accepts).</summary>
    private async Task<Stream> ConnectPinnedAsync(Uri url, AttemptState state, CancellationToken cancellationToken)
    {
        var key = url.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (!state.Pins.TryGetValue(key, out var pinned) && !(IPAddress.TryParse(key, out var literal) && state.Pins.TryGetValue(literal.ToString(), out pinned)))
        {
            state.BlockedReason = RedirectBlock.Unchecked(url.Host);
            throw new IOException(state.BlockedReason.Reason);
        }

        TcpEvidence? last = null;
        foreach (var address in pinned)
        {
            var (socket, evidence) = await _connector.ConnectAsync(address, url.Port, key, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            state.Connects.Add(evidence);
            last = evidence;
            if (socket is not null)
            {
                return new NetworkStream(socket, ownsSocket: true);
            }

            if (evidence.Outcome == TcpOutcome.Blocked)
            {
                state.BlockedReason = RedirectBlock.AddressRefused(address, evidence.Error);
            }
        }

        throw new ProbeConnectException(last);
    }

    /// <summary>The egress proxy is configuration, not user input: it is not subject to the guard (docs/probes.md).</summary>
    private static async Task<Stream> ConnectProxyAsync(Uri proxy, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (IPAddress.TryParse(proxy.DnsSafeHost, out var literal))
            {
                await socket.ConnectAsync(new IPEndPoint(literal, proxy.Port), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(proxy.DnsSafeHost, proxy.Port, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ProxyConnectException($"could not connect to the egress proxy {proxy.Authority}: {e.Message}", proxy.Authority, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Host field value: host[:port], the port only when not the scheme's default (RFC 9110 §7.2).</summary>
    private static string HostHeader(Uri url, bool withDefaultPort = false)
    {
        var host = url.HostNameType == UriHostNameType.IPv6 ? $"[{url.IdnHost}]" : url.IdnHost;
        return withDefaultPort || !url.IsDefaultPort ? $"{host}:{url.Port}" : host;
    }

    /// <summary>absolute-form request target for a proxy (RFC 9112 §3.2.2); never carries user info or a fragment.</summary>
    private static string AbsoluteForm(Uri url) => $"{url.Scheme}://{HostHeader(url)}{url.PathAndQuery}";

    /// <summary>A hop's open connection; <paramref name="ProxyAnswer"/> = the proxy refused the tunnel and this is its answer;
    /// <paramref name="Http2"/> = the TLS handshake negotiated h2.</summary>
    private sealed record OpenConnection(Stream Stream, Http1Exchange Exchange, Http1Head? ProxyAnswer, bool Http2);
}

/// <summary>The configured egress proxy could not be reached.</summary>
internal sealed class ProxyConnectException(string message, string proxy, Exception inner) : IOException(message, inner)
{
    /// <summary>The proxy's host and port.</summary>
    public string Proxy { get; } = proxy;
}
