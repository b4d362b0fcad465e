using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Tickets.Rendering;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Tests.Rendering;

/// <summary>The ticket words the verdict for the help desk: about "the user", naming the hop as the probes found it.</summary>
public sealed class VerdictWordsTests
{
    [Fact]
    public void A_healthy_site_points_the_help_desk_at_the_users_side()
    {
        var text = VerdictWords.ForHelpDesk(With(new Verdict(VerdictKind.Healthy, 0.9, 200, null, 0, 5, false)), DeskTexts.English);

        Assert.Equal("wiki.contoso.com works from the bot's servers (200 on 5 of 5 attempts): the problem is likely on the user's side (browser, network or proxy).", text);
        Assert.DoesNotContain("your", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_hop_outside_the_catalogue_is_named_with_the_chain_and_the_one_that_failed()
    {
        var inner = new HopIdentity("proxy-status", "acme-lb/3", HopRole.Proxy, "the server behind it refused the connection", "Proxy-Status: acme-lb; error=connection_refused", HopFault.Upstream, HopSource.SelfIdentified, "connection_refused");
        var outer = new HopIdentity("via", "zcdn/9", HopRole.Proxy, string.Empty, "Via: 1.1 edge (zcdn/9)", HopFault.Upstream, HopSource.SelfIdentified);
        var text = VerdictWords.ForHelpDesk(With(new Verdict(VerdictKind.UpstreamFailing, 0.65, 502, inner, 3, 3, true) { Chain = [inner, outer] }), DeskTexts.English);

        Assert.Equal(
            "502 from a proxy that identifies itself as acme-lb/3 in front of wiki.contoso.com: the server behind it refused the connection (3 of 3 attempts). "
            + "The error came from the 1st of 2 hops, counted from the site: acme-lb/3 (error) → zcdn/9.",
            text);
    }

    [Fact]
    public void Nodata_tells_the_help_desk_the_name_may_be_wrong()
    {
        var text = VerdictWords.ForHelpDesk(With(new Verdict(VerdictKind.DnsFailure, 0.8, null, null, 0, 0, false) { DnsOutcome = ResolverOutcome.Nodata }), DeskTexts.English);

        Assert.Contains("NODATA", text, StringComparison.Ordinal);
        Assert.Contains("the user may have typed the wrong name", text, StringComparison.Ordinal);
    }

    private static Diagnosis With(Verdict verdict) => new(
        new ProbeTargetInfo("wiki.contoso.com", "https://wiki.contoso.com/", "wiki.contoso.com", 443, "https"),
        TestEscalations.At,
        TimeSpan.FromMilliseconds(100),
        verdict,
        null, [], null, [], null, null, []);
}
