using System.Net;
using System.Security.Cryptography.X509Certificates;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Probes.Tests.Tls;

/// <summary>TLS against Kestrel with certificates generated at test time.</summary>
public sealed class TlsScenarioTests
{
    private const string Name = "wiki.contoso.test";

    private static async Task<HelpdeskBot.Probes.Diagnosis.Diagnosis> ProbeAsync(X509Certificate2 certificate)
    {
        using var dns = new DnsFixture();
        dns.A(Name, "127.0.0.1");
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<title>Wiki</title>")), certificate: certificate);
        using var host = ProbeHost.Build(o => { o.SystemResolver = dns.Endpoint; o.AllowedPorts = [server.Port]; });
        return await host.DiagnoseAsync($"{Name}:{server.Port}", attempts: 2);
    }

    [Fact]
    public async Task A_self_signed_certificate_is_a_tls_problem_with_its_details()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.SelfSigned(Name, now.AddDays(-1), now.AddDays(90));

        var d = await ProbeAsync(cert);

        Assert.Equal(VerdictKind.TlsProblem, d.Verdict.Kind);
        Assert.Equal(TlsIssue.Untrusted, d.Verdict.TlsIssue);
        Assert.True(d.Verdict.ServerSideFault);
        var tls = d.Tls!;
        Assert.True(tls.Succeeded);
        Assert.Equal($"CN={Name}", tls.Subject);
        Assert.Equal([Name], tls.SubjectAlternativeNames);
        Assert.False(tls.NameMismatch);
        Assert.InRange(tls.DaysToExpiry!.Value, 88, 90);
        Assert.Contains(tls.ChainErrors, e => e.Contains("self-signed", StringComparison.Ordinal));
        Assert.StartsWith("Tls", tls.Protocol, StringComparison.Ordinal);
        Assert.Contains(d.Findings, f => f.Code == "tls.chain");
        Assert.All(d.Http, a => Assert.Equal(200, a.StatusCode));
        Assert.True(d.Http[0].Timings.Tls > TimeSpan.Zero);
    }

    [Fact]
    public async Task An_expired_certificate_is_reported_with_days_past_expiry()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.SelfSigned(Name, now.AddDays(-100), now.AddDays(-10));

        var d = await ProbeAsync(cert);

        Assert.Equal(VerdictKind.TlsProblem, d.Verdict.Kind);
        Assert.Equal(TlsIssue.Expired, d.Verdict.TlsIssue);
        Assert.InRange(d.Tls!.DaysToExpiry!.Value, -11, -10);
        Assert.Contains(d.Findings, f => f.Code == "tls.expired");
        Assert.Equal([FailureKind.CertificateNotTimeValid, FailureKind.CertificateUntrustedRoot], d.Tls.ChainProblems.Select(p => p.Kind).Order());
        Assert.Equal(d.Tls.ChainErrors.Count, d.Tls.ChainProblems.Count);
        Assert.True(d.Tls!.DaysToExpiry < 0);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_a_name_mismatch()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.SelfSigned("other.contoso.test", now.AddDays(-1), now.AddDays(30));

        var d = await ProbeAsync(cert);

        Assert.Equal(VerdictKind.TlsProblem, d.Verdict.Kind);
        Assert.Equal(TlsIssue.NameMismatch, d.Verdict.TlsIssue);
        Assert.True(d.Tls!.NameMismatch);
        Assert.Contains(d.Findings, f => f.Code == "tls.name-mismatch");
        Assert.True(d.Tls!.NameMismatch);
        Assert.Contains("other.contoso.test", d.Tls.SubjectAlternativeNames);
    }

    [Fact]
    public async Task A_certificate_pointing_at_an_internal_address_for_its_issuer_never_makes_the_probe_connect_there()
    {
        // The server picks the AIA URL; fetching it would be a request the address guard never saw. The listener
        // on 127.0.0.2 (not allowed) stands in for 169.254.169.254 or an intranet host.
        using var internalHost = new CountingListener(IPAddress.Parse("127.0.0.2"));
        var now = TimeProvider.System.GetUtcNow();
        using var cert = Certificates.IssuedByMissingIntermediate(Name, $"http://127.0.0.2:{internalHost.Port}/intermediate.crt", now);
        using var dns = new DnsFixture();
        dns.A(Name, "127.0.0.1");
        using var server = new OfflineTlsServer(cert, "<title>Wiki</title>");
        using var host = ProbeHost.Build(o => { o.SystemResolver = dns.Endpoint; o.AllowedNetworks = ["127.0.0.1/32"]; o.AllowedPorts = [server.Port, internalHost.Port]; }, allowLoopback: false);

        var d = await host.DiagnoseAsync($"{Name}:{server.Port}", attempts: 2);

        Assert.Equal(0, internalHost.Connections);
        Assert.Equal(VerdictKind.TlsProblem, d.Verdict.Kind);
        Assert.NotEmpty(d.Tls!.ChainErrors);
        Assert.All(d.Http, a => Assert.Equal(200, a.StatusCode));
    }

    [Fact]
    public async Task Tls_to_a_plain_http_port_fails_as_evidence_not_as_an_exception()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("plain")));
        using var host = ProbeHost.Build(o => o.AllowedPorts = [server.Port]);

        var d = await host.DiagnoseAsync($"https://127.0.0.1:{server.Port}/", attempts: 1);

        Assert.False(d.Tls!.Succeeded);
        Assert.Equal(VerdictKind.TlsProblem, d.Verdict.Kind);
        Assert.Contains(d.Findings, f => f.Code == "tls.handshake");
        // A fact for the readers: the port does not speak TLS, with the TLS library's reason as its detail.
        Assert.Equal(FailureKind.TlsNotTls, d.Tls.Failure?.Kind);
        Assert.False(string.IsNullOrEmpty(d.Tls.Failure!.Detail));
        Assert.Equal(d.Tls.Failure, d.Verdict.Failure);
        Assert.Equal(d.Tls.Failure, d.Findings.Single(f => f.Code == "tls.handshake").Values?.Failure);
    }
}
