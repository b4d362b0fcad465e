using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tests.Probes;

/// <summary>
/// Answers that are not a usable HTTP response, from raw loopback servers (shapes Kestrel never sends), and failures
/// on the way to the site, each through the real diagnosis to the user's card and the ticket in the reader's words.
/// </summary>
public sealed class ResponseFailureWordsTests
{
    private const string Site = FailureRendering.Site;

    public static TheoryData<string, string> Cases() => FailureRendering.InEachLanguage("invalid", "headers-too-large", "half-a-head", "no-answer");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_answer_that_is_not_usable_http_is_worded_for_the_user_and_the_help_desk(string shape, string language)
    {
        var (response, kind) = shape switch
        {
            "invalid" => ("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n\r\n", FailureKind.InvalidResponse), // another protocol on the port
            "headers-too-large" => ("HTTP/1.1 200 OK\r\nSet-Cookie: session=" + new string('a', 2048) + "\r\n\r\n", FailureKind.HeadersTooLarge),
            "half-a-head" => ("HTTP/1.1 502 Bad Gateway\r\nServer: edge-gw\r\n", FailureKind.ClosedMidResponse), // then closed
            _ => (string.Empty, FailureKind.ClosedWithoutAnswer), // the request is read, nothing comes back
        };
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        using var site = new RawServer(response);
        using var probes = FailureRendering.Probes(dns.Endpoint, [], site.Port, configure: o => o.MaxResponseHeadersKiB = 1);

        var d = await FailureRendering.DiagnoseAsync(probes, $"http://{Site}:{site.Port}/");

        var failure = new ProbeFailure(kind);
        Assert.Equal(2, site.Requests.Count);
        Assert.All(d.Http, a => Assert.Equal((null, failure), (a.StatusCode, a.Failure)));
        Assert.Equal((VerdictKind.OriginError, failure), (d.Verdict.Kind, d.Verdict.Failure));
        FailureRendering.AssertWorded(
            d,
            language,
            user => [user.Format("VerdictOriginNoAnswer", Site, FailureRendering.Text(failure, user))],
            desk => [FailureRendering.Text(failure, desk)]);
    }

    public static TheoryData<string, string> Http2Cases() => FailureRendering.InEachLanguage("goaway", "reset", "protocol");

    [Theory]
    [MemberData(nameof(Http2Cases))]
    public async Task An_http2_connection_or_stream_the_server_breaks_is_worded_with_its_error_code(string how, string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = Certificates.SelfSigned(Site, now.AddDays(-1), now.AddDays(90));
        var frame = how switch
        {
            "goaway" => AlpnTlsServer.Frame(7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2), // GOAWAY, last stream 0, INTERNAL_ERROR
            "reset" => AlpnTlsServer.Frame(3, 0, 1, 0, 0, 0, 0xd), // RST_STREAM HTTP_1_1_REQUIRED
            _ => AlpnTlsServer.Frame(0, 0x1, 1, "<title>Wiki</title>"u8.ToArray()), // DATA before any HEADERS: a protocol error
        };
        using var site = new AlpnTlsServer(certificate, (tls, ct) => tls.WriteAsync(frame, ct).AsTask());
        using var probes = FailureRendering.Probes(dns.Endpoint, [], site.Port);

        var d = await FailureRendering.DiagnoseAsync(probes, $"https://{Site}:{site.Port}/");

        var failure = how switch
        {
            "goaway" => new ProbeFailure(FailureKind.Http2GoAway) { Detail = "INTERNAL_ERROR" },
            "reset" => new ProbeFailure(FailureKind.Http2StreamReset) { Detail = "HTTP_1_1_REQUIRED" },
            _ => new ProbeFailure(FailureKind.Http2Protocol) { Detail = "PROTOCOL_ERROR" },
        };
        Assert.All(d.Http.Take(2), a => Assert.Equal(("h2", failure), (a.Protocol, a.Failure)));
        Assert.Equal(failure, d.Verdict.ProtocolSplit?.Failure); // HTTP/1.1 worked: the split says how h2 broke
        FailureRendering.AssertFailureWorded(d, language, failure);
        var (card, ticket) = FailureRendering.Render(d, language);
        Assert.Contains(failure.Detail!, card, StringComparison.Ordinal); // as the site sent it: "HTTP_1_1_REQUIRED", not "HTTP 1 1 REQUIRED"
        Assert.Contains(failure.Detail!, ticket, StringComparison.Ordinal);
        // The handshake that worked is named as people write it ("TLS 1.3"), not by .NET's enum name ("Tls13").
        var handshake = FailureRendering.Facts(d, language, "TLS")[UserTexts.For(language).EvidenceHandshake];
        Assert.StartsWith("TLS 1.", handshake, StringComparison.Ordinal);
        Assert.DoesNotContain(d.Tls!.Protocol!, card + ticket, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_port_nothing_listens_on_is_a_refused_connection_in_the_readers_words(string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        var port = ClosedPort();
        using var probes = FailureRendering.Probes(dns.Endpoint, [], port);

        var d = await FailureRendering.DiagnoseAsync(probes, $"http://{Site}:{port}/");

        var failure = new ProbeFailure(FailureKind.ConnectRefused);
        Assert.All(d.Tcp, t => Assert.Equal((TcpOutcome.Refused, failure), (t.Outcome, t.Failure)));
        Assert.All(d.Http, a => Assert.Equal(failure, a.Failure));
        FailureRendering.AssertFailureWorded(d, language, failure);
        // The user's connection row says why, as the ticket does: "127.0.0.1:port" → "connection refused: nothing listens…".
        var user = UserTexts.For(language);
        var connection = FailureRendering.Facts(d, language, user.EvidenceConnection);
        Assert.StartsWith($"{user.Catalogue.Get("Failure_ConnectRefused")} (", connection[$"127.0.0.1:{port}"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task An_egress_proxy_that_cannot_be_reached_is_worded_with_its_address(string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        await using var site = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<title>Wiki</title>")));
        var proxy = $"127.0.0.1:{ClosedPort()}";
        using var probes = FailureRendering.Probes(dns.Endpoint, [], site.Port, configure: o => o.EgressProxy = $"http://{proxy}");

        var d = await FailureRendering.DiagnoseAsync(probes, $"http://{Site}:{site.Port}/");

        var failure = new ProbeFailure(FailureKind.ProxyUnreachable) { Detail = proxy };
        var (direct, proxied) = (d.Http.Where(a => a.Via == "direct").ToList(), d.Http.Where(a => a.Via == "proxy").ToList());
        Assert.Equal((2, 2), (direct.Count, proxied.Count));
        Assert.All(direct, a => Assert.Equal(200, a.StatusCode));
        Assert.All(proxied, a => Assert.Equal(failure, a.Failure));
        FailureRendering.AssertFailureWorded(d, language, failure);
    }

    public static TheoryData<string> Languages => FailureRendering.Languages;

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
