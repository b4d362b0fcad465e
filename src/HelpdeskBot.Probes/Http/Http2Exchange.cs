using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Text;

namespace HelpdeskBot.Probes.Http;

/// <summary>
/// One HTTP/2 GET (RFC 9113) on the TLS connection the probe opened itself — the pinned, guard-checked socket whose
/// handshake negotiated "h2" by ALPN. SocketsHttpHandler speaks the protocol; its ConnectCallback hands it that
/// already-authenticated <see cref="SslStream"/>, which it uses as is (no second handshake, no socket of its own), so
/// the guard, the pinning and the connect/TLS timings stay the probe's. One handler per exchange: nothing is pooled.
/// </summary>
internal static class Http2Exchange
{
    public const string Protocol = "h2";

    /// <summary>The response head (status, fields folded as HTTP/1.1 would show them), and when it arrived.</summary>
    public static async Task<(Http1Head Head, HttpResponseMessage Response, HttpMessageInvoker Invoker, long HeadAt)> SendAsync(
        SslStream stream, Uri url, string userAgent, int maxHeaderKiB, TimeProvider time, CancellationToken cancellationToken)
    {
        var handed = 0;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, _) => Interlocked.Exchange(ref handed, 1) == 0
                ? ValueTask.FromResult<Stream>(stream)
                : throw new HttpRequestException("the probe opens one connection per attempt"), // never a connection of its own
            AllowAutoRedirect = false, // redirects are followed by hand, each hop checked by the guard
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseHeadersLength = maxHeaderKiB,
            EnableMultipleHttp2Connections = false,
        };
        var invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
            request.Headers.TryAddWithoutValidation("Cache-Control", "no-cache");
            var response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var headAt = time.GetTimestamp();
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                fields[name] = string.Join(", ", values);
            }

            return (new Http1Head((int)response.StatusCode, response.ReasonPhrase ?? string.Empty, fields), response, invoker, headAt);
        }
        catch
        {
            invoker.Dispose();
            throw;
        }
    }

    /// <summary>Reads at most <paramref name="max"/> body bytes; the rest is never read.</summary>
    public static async Task<string> ReadBodyAsync(HttpResponseMessage response, int max, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var read = 0;
            while (read < max)
            {
                var n = await body.ReadAsync(buffer.AsMemory(read, max - read), cancellationToken).ConfigureAwait(false);
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
}
