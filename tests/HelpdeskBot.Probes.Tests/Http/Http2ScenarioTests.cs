using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HelpdeskBot.Probes.Tests.Http;

/// <summary>
/// HTTP/2 where the site offers it: Kestrel over TLS serving h2 only, HTTP/1.1 only, or both and failing over one.
/// The attempts offer h2 and http/1.1 by ALPN on the probe's own pinned connection and record what they spoke.
/// </summary>
public sealed class Http2ScenarioTests
{
    private const string Name = "wiki.contoso.test";

    [Fact]
    public async Task A_site_that_speaks_only_http2_is_probed_over_http2_with_every_phase_timed()
    {
        var d = await ProbeAsync(HttpProtocols.Http2, ctx => ctx.Response.WriteAsync($"<title>{ctx.Request.Protocol}</title>"));

        var direct = d.Http.Take(2).ToList();
        Assert.All(direct, a => Assert.Equal(("h2", 200, "HTTP/2"), (a.Protocol, a.StatusCode, a.Title)));
        Assert.Equal("h2", d.Verdict.Protocol);
        Assert.All(direct, a => Assert.True(a.Timings.Connect > TimeSpan.Zero && a.Timings.Tls > TimeSpan.Zero && a.Timings.TimeToFirstByte > TimeSpan.Zero));
        Assert.All(direct, a => Assert.True(a.Timings.Total >= a.Timings.TimeToFirstByte));

        // The HTTP/1.1 check every h2 success gets: refused in the handshake, the site's choice, not a failure over HTTP/1.1.
        var check = d.Http[^1];
        Assert.Equal((3, null, null), (check.Attempt, check.Protocol, check.StatusCode));
        Assert.Contains("TLS handshake", check.Error, StringComparison.Ordinal);
        Assert.Null(d.Verdict.ProtocolSplit);
        Assert.Equal(TcpOutcome.Connected, Assert.Single(d.Tcp).Outcome);
    }

    [Fact]
    public async Task A_site_that_speaks_only_http1_is_probed_over_http1()
    {
        var d = await ProbeAsync(HttpProtocols.Http1, ctx => ctx.Response.WriteAsync($"<title>{ctx.Request.Protocol}</title>"));

        Assert.All(d.Http, a => Assert.Equal(("http/1.1", 200, "HTTP/1.1"), (a.Protocol, a.StatusCode, a.Title)));
        Assert.Equal("http/1.1", d.Verdict.Protocol);
    }

    [Fact]
    public async Task A_502_over_http2_is_the_sites_answer_and_is_not_tried_again_over_http1()
    {
        var http1 = 0;
        var d = await ProbeAsync(HttpProtocols.Http1AndHttp2, async ctx =>
        {
            if (ctx.Request.Protocol != "HTTP/2")
            {
                Interlocked.Increment(ref http1);
            }

            ctx.Response.StatusCode = ctx.Request.Protocol == "HTTP/2" ? 502 : 200;
            ctx.Response.Headers["X-Acme-Request-Id"] = "r-1";
            await ctx.Response.WriteAsync("<title>Wiki</title>");
        });

        Assert.Equal(2, d.Http.Count);
        Assert.All(d.Http, a => Assert.Equal(("h2", 502), (a.Protocol, a.StatusCode)));
        Assert.Equal(0, http1);
        Assert.Null(d.Verdict.ProtocolSplit);
        Assert.Equal(502, d.Verdict.StatusCode);
        Assert.Equal("r-1", d.Http[0].HopHeaders["X-Acme-Request-Id"]);
    }

    [Theory]
    [InlineData("close")]
    [InlineData("reset")]
    [InlineData("goaway")]
    public async Task A_site_whose_http2_breaks_is_said_to_work_over_http1(string how)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.SelfSigned(Name, now.AddDays(-1), now.AddDays(90));
        using var server = new AlpnTlsServer(cert, how switch
        {
            "close" => (_, _) => Task.CompletedTask, // ALPN chose h2, then the connection ends
            "reset" => (tls, ct) => tls.WriteAsync(AlpnTlsServer.Frame(3, 0, 1, 0, 0, 0, 0xd), ct).AsTask(), // RST_STREAM HTTP_1_1_REQUIRED
            _ => (tls, ct) => tls.WriteAsync(AlpnTlsServer.Frame(7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2), ct).AsTask(), // GOAWAY, last stream 0, INTERNAL_ERROR
        });

        var d = await ProbeAsync(server.Port, attempts: 2);

        Assert.All(d.Http.Take(2), a => Assert.Equal(("h2", null), (a.Protocol, a.StatusCode)));
        Assert.All(d.Http.Take(2), a => Assert.Contains("HTTP/2", a.Error, StringComparison.Ordinal));
        var check = d.Http[^1];
        Assert.Equal((3, "http/1.1", 200), (check.Attempt, check.Protocol, check.StatusCode));
        Assert.Equal(("h2", "http/1.1"), (d.Verdict.ProtocolSplit?.Failing, d.Verdict.ProtocolSplit?.Working));
        Assert.Equal(1, server.Http1Requests);
        // How it broke, as a fact with the HTTP/2 error code, for the readers to word.
        var expected = how switch
        {
            "close" => new ProbeFailure(FailureKind.ClosedWithoutAnswer),
            "reset" => new ProbeFailure(FailureKind.Http2StreamReset) { Detail = "HTTP_1_1_REQUIRED" },
            _ => new ProbeFailure(FailureKind.Http2GoAway) { Detail = "INTERNAL_ERROR" },
        };
        Assert.All(d.Http.Take(2), a => Assert.Equal(expected, a.Failure));
        Assert.Equal(expected, d.Verdict.ProtocolSplit?.Failure);
    }

    [Fact]
    public async Task A_response_head_in_huffman_coded_padded_and_continued_frames_is_read_over_http2()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.SelfSigned(Name, now.AddDays(-1), now.AddDays(90));
        using var server = new AlpnTlsServer(cert, async (tls, ct) =>
        {
            // What nginx-like servers send: 103 Early Hints first, then the head Huffman-coded and indexed, split over
            // HEADERS (padded) and CONTINUATION, then the page in a DATA frame.
            byte[] early = [0x08, .. Huffman("103")]; // :status, literal without indexing
            var head = new List<byte> { 0x08 };
            head.AddRange(Huffman("502"));
            head.Add(0x40 | 54); // server, with incremental indexing
            head.AddRange(Huffman("edge-gw/2.1"));
            head.Add(0x40 | 60); // via
            head.AddRange(Huffman("1.1 edge-gw"));
            head.Add(0x10); // never indexed, new name
            head.AddRange(Raw("proxy-status"));
            head.AddRange(Huffman("edge-gw; error=connection_refused"));
            var split = head.Count / 2;
            byte[] padded = [3, .. head.Take(split), 0, 0, 0];
            await tls.WriteAsync(AlpnTlsServer.Frame(4, 0, 0), ct); // SETTINGS
            await tls.WriteAsync(AlpnTlsServer.Frame(1, 0x4, 1, early), ct); // HEADERS 103, END_HEADERS
            await tls.WriteAsync(AlpnTlsServer.Frame(1, 0x8, 1, padded), ct); // HEADERS, PADDED
            await tls.WriteAsync(AlpnTlsServer.Frame(9, 0x4, 1, [.. head.Skip(split)]), ct); // CONTINUATION, END_HEADERS
            await tls.WriteAsync(AlpnTlsServer.Frame(0, 0x1, 1, "<title>502 Bad Gateway</title>"u8.ToArray()), ct); // DATA, END_STREAM
            _ = await tls.ReadAtLeastAsync(new byte[256], 1, throwOnEndOfStream: false, ct); // our SETTINGS ACK, or the close
        });

        var d = await ProbeAsync(server.Port, attempts: 1);

        var attempt = Assert.Single(d.Http);
        Assert.Equal(("h2", 502, "502 Bad Gateway"), (attempt.Protocol, attempt.StatusCode, attempt.Title));
        Assert.Equal("edge-gw/2.1", attempt.HopHeaders["Server"]);
        Assert.Equal("1.1 edge-gw", attempt.HopHeaders["Via"]);
        Assert.Equal("edge-gw; error=connection_refused", attempt.HopHeaders["Proxy-Status"]);
        Assert.Equal(("edge-gw", "connection_refused"), (attempt.AnsweredBy?.Product, attempt.AnsweredBy?.ErrorType));
        Assert.Equal(0, server.Http1Requests);
    }

    [Fact]
    public async Task A_site_whose_http2_breaks_the_connection_is_said_to_work_over_http1()
    {
        var d = await ProbeAsync(HttpProtocols.Http1AndHttp2, ctx =>
        {
            if (ctx.Request.Protocol == "HTTP/2")
            {
                ctx.Abort(); // RST_STREAM / connection error: no status comes back over h2
                return Task.CompletedTask;
            }

            return ctx.Response.WriteAsync("<title>Wiki</title>");
        });

        Assert.All(d.Http.Take(2), a => Assert.Null(a.StatusCode));
        Assert.All(d.Http.Take(2), a => Assert.Contains("HTTP/2", a.Error, StringComparison.Ordinal));
        Assert.Equal(("h2", "http/1.1"), (d.Verdict.ProtocolSplit?.Failing, d.Verdict.ProtocolSplit?.Working));
    }

    [Fact]
    public async Task A_site_that_fails_only_over_http1_is_said_to_work_over_http2()
    {
        // What a proxy or an older client speaking only HTTP/1.1 meets, while a browser speaking h2 sees the site work.
        var d = await ProbeAsync(HttpProtocols.Http1AndHttp2, ctx =>
        {
            if (ctx.Request.Protocol == "HTTP/2")
            {
                return ctx.Response.WriteAsync("<title>Wiki</title>");
            }

            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.26.2";
            return ctx.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><center>nginx/1.26.2</center></body></html>");
        });

        Assert.All(d.Http.Take(2), a => Assert.Equal(("h2", 200), (a.Protocol, a.StatusCode)));
        var check = d.Http[^1];
        Assert.Equal((3, "http/1.1", 502, "nginx"), (check.Attempt, check.Protocol, check.StatusCode, check.AnsweredBy?.Product));
        Assert.Equal(("http/1.1", "h2", "502"), (d.Verdict.ProtocolSplit?.Failing, d.Verdict.ProtocolSplit?.Working, d.Verdict.ProtocolSplit?.FailingResult));
        Assert.True(d.Verdict.ServerSideFault);
    }

    [Fact]
    public async Task A_site_that_works_over_both_protocols_gets_one_http1_check_and_no_split()
    {
        var d = await ProbeAsync(HttpProtocols.Http1AndHttp2, ctx => ctx.Response.WriteAsync($"<title>{ctx.Request.Protocol}</title>"));

        Assert.Equal([("h2", 200), ("h2", 200), ("http/1.1", 200)], d.Http.Select(a => (a.Protocol, a.StatusCode)));
        Assert.Null(d.Verdict.ProtocolSplit);
        Assert.Equal("h2", d.Verdict.Protocol);
    }

    [Fact]
    public async Task The_http1_check_goes_out_with_the_burst_not_after_it()
    {
        // Attempts 2 and 3 over h2 answer only once the HTTP/1.1 check has arrived: a check sent after them never comes,
        // and they time out.
        var http1Arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var http2 = 0;
        var d = await ProbeAsync(HttpProtocols.Http1AndHttp2, async ctx =>
        {
            if (ctx.Request.Protocol != "HTTP/2")
            {
                http1Arrived.TrySetResult();
            }
            else if (Interlocked.Increment(ref http2) > 1)
            {
                await http1Arrived.Task.WaitAsync(ctx.RequestAborted);
            }

            await ctx.Response.WriteAsync("<title>Wiki</title>");
        }, attempts: 3);

        Assert.Equal([(1, "h2", 200), (2, "h2", 200), (3, "h2", 200), (4, "http/1.1", 200)], d.Http.Select(a => (a.Attempt, a.Protocol, a.StatusCode)));
        Assert.Null(d.Verdict.ProtocolSplit);
    }

    [Fact]
    public async Task With_spaced_attempts_the_http1_check_goes_out_with_attempt_2()
    {
        // Attempt 2 over h2 answers only once the HTTP/1.1 check has arrived. The clock moves only at the end of each
        // pause between attempts: a check sent after the spaced attempts never comes, attempt 2 waits for good, and the
        // diagnosis neither finishes nor pauses again.
        var http1Arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var http2 = 0;
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.SelfSigned(Name, now.AddDays(-1), now.AddDays(90));
        using var dns = new DnsFixture();
        dns.A(Name, "127.0.0.1");
        await using var server = await LoopbackServer.StartAsync(a => a.Run(async ctx =>
        {
            if (ctx.Request.Protocol != "HTTP/2")
            {
                http1Arrived.TrySetResult();
            }
            else if (Interlocked.Increment(ref http2) == 2)
            {
                await http1Arrived.Task.WaitAsync(ctx.RequestAborted);
            }

            await ctx.Response.WriteAsync("<title>Wiki</title>");
        }), certificate: cert, protocols: HttpProtocols.Http1AndHttp2);
        var clock = new ObservedClock();
        clock.SetUtcNow(now);
        var spacing = TimeSpan.FromMilliseconds(250);
        var pauses = new SemaphoreSlim(0);
        clock.Watch(spacing, pauses);
        using var host = ProbeHost.Build(
            o =>
            {
                o.SystemResolver = dns.Endpoint;
                o.AllowedPorts = [server.Port];
                o.AttemptSpacing = spacing;
            },
            time: clock);

        var diagnosis = host.DiagnoseAsync($"https://{Name}:{server.Port}/", attempts: 3);
        while (true)
        {
            var paused = pauses.WaitAsync(TimeSpan.FromSeconds(20));
            if (await Task.WhenAny(diagnosis, paused) == diagnosis)
            {
                break;
            }

            Assert.True(await paused, "the diagnosis neither finished nor paused: attempt 2 still waits for the HTTP/1.1 check");
            clock.AdvanceToNextTimer();
        }

        var d = await diagnosis;
        Assert.Equal([(1, "h2", 200, false), (2, "h2", 200, false), (3, "h2", 200, false), (4, "http/1.1", 200, true)], d.Http.Select(a => (a.Attempt, a.Protocol, a.StatusCode, a.ProtocolCheck)));
        Assert.Null(d.Verdict.ProtocolSplit);
        Assert.Equal((0, 3), (d.Verdict.FailedAttempts, d.Verdict.TotalAttempts));
        Assert.Equal(3, http2);
    }

    [Fact]
    public async Task A_check_sent_with_the_burst_is_no_split_when_a_later_attempt_gets_a_502_over_http2()
    {
        // The first attempt works over h2, so the check joins the burst; a later 502 over h2 is the site's answer, and
        // the check working over HTTP/1.1 must not make it "fails over h2 only". The check stays in the evidence.
        var http2 = 0;
        var d = await ProbeAsync(HttpProtocols.Http1AndHttp2, ctx =>
        {
            ctx.Response.StatusCode = ctx.Request.Protocol == "HTTP/2" && Interlocked.Increment(ref http2) > 1 ? 502 : 200;
            return ctx.Response.WriteAsync("<title>Wiki</title>");
        }, attempts: 3);

        Assert.Equal([("h2", 200), ("h2", 502), ("h2", 502), ("http/1.1", 200)], d.Http.Select(a => (a.Protocol, a.StatusCode)));
        Assert.Null(d.Verdict.ProtocolSplit);
        Assert.Equal((2, 3, 502), (d.Verdict.FailedAttempts, d.Verdict.TotalAttempts, d.Verdict.StatusCode));
    }

    [Fact]
    public async Task A_redirect_over_http2_into_the_internal_network_is_still_refused()
    {
        var d = await ProbeAsync(HttpProtocols.Http2, ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        }, allowed: ["127.0.0.1/32"]);

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Contains(d.Findings, f => f.Code == "ssrf.redirect-blocked");
        Assert.Equal("h2", d.Http[0].Protocol);
        Assert.All(d.Tcp, t => Assert.Equal("127.0.0.1", t.Address));
    }

    [Fact]
    public async Task An_http1_check_redirected_into_the_internal_network_refuses_the_target_and_says_nothing_works_over_http1()
    {
        // h2 breaks, so the HTTP/1.1 check decides the split; its answer is a redirect the probes refuse to follow. Read
        // as a check, that 302 was "works over HTTP/1.1".
        var d = await ProbeAsync(HttpProtocols.Http1AndHttp2, ctx =>
        {
            if (ctx.Request.Protocol == "HTTP/2")
            {
                ctx.Abort();
                return Task.CompletedTask;
            }

            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        }, allowed: ["127.0.0.1/32"]);

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Null(d.Verdict.ProtocolSplit);
        var refusal = Assert.Single(d.Findings, f => f.Code == "ssrf.redirect-blocked");
        Assert.Equal(("address", "169.254.169.254"), (refusal.Values?.Reason, refusal.Values?.Address));
        Assert.Equal(("http/1.1", 302, true), (d.Http[^1].Protocol, d.Http[^1].StatusCode, d.Http[^1].ProtocolCheck));
        Assert.All(d.Tcp, t => Assert.Equal("127.0.0.1", t.Address));
    }

    /// <summary>An HPACK string literal, Huffman-coded (RFC 7541 §5.2) with the decoder's own code table.</summary>
    private static byte[] Huffman(string text)
    {
        var bits = new List<bool>();
        foreach (var c in text)
        {
            var (code, length) = HelpdeskBot.Probes.Http.Hpack.Code(c);
            for (var i = length - 1; i >= 0; i--)
            {
                bits.Add(((code >> i) & 1) == 1);
            }
        }

        while (bits.Count % 8 != 0)
        {
            bits.Add(true); // padding: the most significant bits of EOS
        }

        var bytes = new byte[bits.Count / 8];
        for (var i = 0; i < bits.Count; i++)
        {
            bytes[i / 8] |= (byte)(bits[i] ? 0x80 >> (i % 8) : 0);
        }

        return [(byte)(0x80 | bytes.Length), .. bytes];
    }

    private static byte[] Raw(string text) => [(byte)text.Length, .. System.Text.Encoding.ASCII.GetBytes(text)];

    private static async Task<HelpdeskBot.Probes.Diagnosis.Diagnosis> ProbeAsync(int port, int attempts)
    {
        using var dns = new DnsFixture();
        dns.A(Name, "127.0.0.1");
        using var host = ProbeHost.Build(o =>
        {
            o.SystemResolver = dns.Endpoint;
            o.AllowedPorts = [port];
        });
        return await host.DiagnoseAsync($"https://{Name}:{port}/", attempts);
    }

    private static async Task<HelpdeskBot.Probes.Diagnosis.Diagnosis> ProbeAsync(HttpProtocols protocols, RequestDelegate app, string[]? allowed = null, int attempts = 2)
    {
        await using var site = await TlsSite.StartAsync(Name, app, protocols);
        using var host = ProbeHost.Build(
            o =>
            {
                o.SystemResolver = site.Resolver;
                o.AllowedPorts = [site.Port];
                if (allowed is not null)
                {
                    o.AllowedNetworks = allowed;
                }
            },
            allowLoopback: allowed is null);
        return await host.DiagnoseAsync(site.Url, attempts);
    }
}
