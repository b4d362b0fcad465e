using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tests.Probes;

/// <summary>
/// A probe's failure reaches each reader in their words: real failures (a name the in-process DNS server does not know,
/// a site with an expired self-signed certificate, a loopback site that resets every connection) go through the real
/// diagnosis to the user's evidence card and the help desk's ticket, in English, German and Japanese. The texts are the
/// catalogues' (Failure_*), and none of the English texts the probes wrote for operators (Error, Detail, Message) is left.
/// </summary>
public sealed class ProbeFailureWordsTests
{
    private const string Site = FailureRendering.Site;

    public static TheoryData<string> Languages => FailureRendering.Languages;

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_name_that_does_not_exist_is_worded_for_the_user_and_the_help_desk(string language)
    {
        using var dns = new DnsFixture(); // knows no name: NXDOMAIN for everything
        using var probes = FailureRendering.Probes(dns.Endpoint, [dns.Endpoint]);

        var d = await FailureRendering.DiagnoseAsync(probes, "gone.contoso.test");

        Assert.Equal(VerdictKind.DnsFailure, d.Verdict.Kind);
        Assert.All(d.Dns!.Resolvers, r => Assert.Equal(FailureKind.NameNotFound, r.Failure?.Kind));
        FailureRendering.AssertWorded(d, language, user => [user.Get("Failure_NameNotFound")], desk => [desk.Get("Failure_NameNotFound")]);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task An_expired_certificate_is_worded_with_its_chain_problems_for_the_user_and_the_help_desk(string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = Certificates.SelfSigned(Site, now.AddDays(-100), now.AddDays(-10));
        await using var site = await LoopbackServer.StartAsync(app => app.Run(ctx => ctx.Response.WriteAsync("<title>Wiki</title>")), certificate: certificate);
        using var probes = FailureRendering.Probes(dns.Endpoint, [], site.Port);

        var d = await FailureRendering.DiagnoseAsync(probes, $"{Site}:{site.Port}");

        Assert.Equal(TlsIssue.Expired, d.Verdict.TlsIssue);
        var problems = d.Tls!.ChainProblems.Select(p => p.Kind).ToList();
        Assert.Contains(FailureKind.CertificateNotTimeValid, problems);
        Assert.Contains(FailureKind.CertificateUntrustedRoot, problems);
        // The ticket lists every chain problem; the user's card, the verdict and the self-signed finding. The expiry is
        // written as the reader's language writes a day ("12.12.2026", "2026/12/12").
        var expired = d.Tls.NotAfter!.Value;
        FailureRendering.AssertWorded(
            d,
            language,
            user => [user.Get("Failure_CertificateUntrustedRoot"), user.Date(expired)],
            desk => [desk.Get("Failure_CertificateNotTimeValid"), desk.Get("Failure_CertificateUntrustedRoot"), desk.Format("FindingTlsExpired", Site, desk.Plural(-d.Tls.DaysToExpiry!.Value, "DaysAgo_One", "DaysAgo_Other"), desk.Date(expired))]);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_site_that_resets_every_connection_gives_no_proper_answer_in_the_readers_words(string language)
    {
        using var dns = new DnsFixture();
        dns.A(Site, "127.0.0.1");
        using var site = new ResettingSite();
        using var probes = FailureRendering.Probes(dns.Endpoint, [], site.Port);

        var d = await FailureRendering.DiagnoseAsync(probes, $"http://{Site}:{site.Port}/");

        Assert.Equal(VerdictKind.OriginError, d.Verdict.Kind);
        Assert.Null(d.Verdict.StatusCode);
        Assert.Equal(FailureKind.ResetBeforeAnswer, d.Verdict.Failure?.Kind);
        Assert.All(d.Http, a => Assert.Equal(FailureKind.ResetBeforeAnswer, a.Failure?.Kind));
        FailureRendering.AssertWorded(
            d,
            language,
            user => [user.Format("VerdictOriginNoAnswer", Site, user.Get("Failure_ResetBeforeAnswer"))],
            desk => [desk.Get("Failure_ResetBeforeAnswer")]);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_redirect_to_a_name_that_does_not_exist_is_refused_with_the_dns_outcome_worded(string language)
    {
        using var dns = new DnsFixture(); // knows the site only: the redirect's name is NXDOMAIN
        dns.A(Site, "127.0.0.1");
        await using var site = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            ctx.Response.Redirect($"http://gone.contoso.test:{ctx.Connection.LocalPort}/");
            return Task.CompletedTask;
        }));
        using var probes = FailureRendering.Probes(dns.Endpoint, [], site.Port);

        var d = await FailureRendering.DiagnoseAsync(probes, $"http://{Site}:{site.Port}/");

        Assert.Equal(VerdictKind.Refused, d.Verdict.Kind);
        Assert.Equal(FailureKind.NameNotFound, d.Findings[^1].Values?.Failure?.Kind);
        // "… gone.contoso.test can't be found in DNS; the name does not exist (NXDOMAIN)", never the outcome's code.
        FailureRendering.AssertWorded(
            d,
            language,
            user => [user.Format("RedirectWhy_Unresolved", "gone.contoso.test", user.Get("Failure_NameNotFound"))],
            desk => [desk.Format("RedirectWhy_Unresolved", "gone.contoso.test", desk.Get("Failure_NameNotFound"))]);
        Assert.DoesNotContain("nxdomain", VerdictText.ForUser(d, UserTexts.For(language)), StringComparison.Ordinal);
        Assert.DoesNotContain("nxdomain", FindingWords.ForHelpDesk(d.Findings[^1], DeskTexts.For(language)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_diagnosis_stored_before_failures_had_kinds_still_shows_its_english_text()
    {
        var stored = JsonNode.Parse("""
            {"target":{"input":"wiki.contoso.test","url":"http://wiki.contoso.test/","host":"wiki.contoso.test","port":80,"scheme":"http"},
             "startedAt":"2026-11-25T09:58:00+00:00","duration":"00:00:01",
             "verdict":{"kind":"OriginError","confidence":0.8,"failedAttempts":3,"totalAttempts":3,"serverSideFault":true,
                        "detail":"the server reset the connection before answering"},
             "tcp":[],"http":[],"findings":[]}
            """)!.ToJsonString();
        var d = System.Text.Json.JsonSerializer.Deserialize(stored, ProbesJsonContext.Default.Diagnosis)!;

        Assert.Null(d.Verdict.Failure);
        Assert.Contains("the server reset the connection before answering", VerdictText.ForUser(d, UserTexts.For("de")), StringComparison.Ordinal);
        Assert.Contains("the server reset the connection before answering", VerdictWords.ForHelpDesk(d, DeskTexts.For("ja")), StringComparison.Ordinal);
    }

    /// <summary>A loopback site that accepts each connection and resets it at once (SO_LINGER 0, then close: RST).</summary>
    private sealed class ResettingSite : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public ResettingSite()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    _ = ResetAsync(await _listener.AcceptTcpClientAsync(_stop.Token));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // stopped
            }
        }

        private async Task ResetAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    // The request first, so the reset comes where a browser would wait for the answer.
                    _ = await client.GetStream().ReadAsync(new byte[4096], _stop.Token);
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Client.Dispose(); // the socket itself: disposing the stream would shut it down with a FIN first
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException)
                {
                    // stopped, or the probe closed first
                }
            }
        }
    }
}
