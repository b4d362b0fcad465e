using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tests.Probes;

/// <summary>
/// TLS handshakes that fail, with real parts, worded for each reader: a server that answers the probe's ClientHello
/// with the fatal alert protocol_version (what a server that shares no TLS version with the probe sends), one that
/// answers handshake_failure, and a plain-HTTP Kestrel site on the https port. The probe tells them apart by
/// the TLS library's reason (<c>TlsHandshakeFailure</c>).
/// </summary>
public sealed class TlsFailureWordsTests
{
    private const string Site = FailureRendering.Site;

    public static TheoryData<string> Languages => FailureRendering.Languages;

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_server_that_shares_no_tls_version_with_the_probe_is_a_version_mismatch_in_the_readers_words(string language)
    {
        var d = await AlertAsync(TlsAlertServer.ProtocolVersion);

        var failure = d.Tls?.Failure;
        Assert.NotNull(failure);
        Assert.Equal(FailureKind.TlsVersion, failure.Kind);
        Assert.Contains("protocol version", failure.Detail, StringComparison.Ordinal); // OpenSSL's reason, as a fact
        Assert.Equal((VerdictKind.TlsProblem, failure), (d.Verdict.Kind, d.Verdict.Failure));
        Assert.All(d.Http, a => Assert.Equal(failure, a.Failure));
        FailureRendering.AssertFailureWorded(d, language, failure);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_server_that_refuses_the_handshake_is_a_tls_error_with_its_reason_in_the_readers_words(string language)
    {
        var d = await AlertAsync(TlsAlertServer.HandshakeFailure);

        var failure = d.Tls?.Failure;
        Assert.NotNull(failure);
        Assert.Equal(FailureKind.TlsHandshake, failure.Kind);
        Assert.Contains("handshake failure", failure.Detail, StringComparison.Ordinal);
        Assert.Equal((VerdictKind.TlsProblem, failure), (d.Verdict.Kind, d.Verdict.Failure));
        FailureRendering.AssertFailureWorded(d, language, failure);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_port_that_speaks_plain_http_is_not_tls_in_the_readers_words(string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        await using var site = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<title>Wiki</title>")));
        using var probes = FailureRendering.Probes(dns.Endpoint, [], site.Port);

        var d = await FailureRendering.DiagnoseAsync(probes, $"https://{Site}:{site.Port}/");

        var failure = d.Tls?.Failure;
        Assert.NotNull(failure);
        Assert.Equal(FailureKind.TlsNotTls, failure.Kind);
        Assert.Equal((VerdictKind.TlsProblem, failure), (d.Verdict.Kind, d.Verdict.Failure));
        FailureRendering.AssertFailureWorded(d, language, failure);
    }

    /// <summary>Diagnoses an https site whose server answers each ClientHello with the alert <paramref name="description"/>.</summary>
    private static async Task<Diagnosis> AlertAsync(byte description)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        using var site = new TlsAlertServer(description);
        using var probes = FailureRendering.Probes(dns.Endpoint, [], site.Port);

        var d = await FailureRendering.DiagnoseAsync(probes, $"https://{Site}:{site.Port}/");

        Assert.Equal(d.Http.Count, site.ClientHellos); // every attempt's ClientHello got the alert
        return d;
    }
}
