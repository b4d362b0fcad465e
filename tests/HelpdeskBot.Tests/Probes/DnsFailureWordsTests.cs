using ARSoft.Tools.Net.Dns;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Tests.Probes;

/// <summary>
/// Resolver answers without addresses, from the in-process DNS server (as the system and a public resolver), through
/// the real diagnosis to the user's card and the ticket in the reader's words: NODATA, SERVFAIL and REFUSED, and a public
/// resolver left out for a name in an internal zone.
/// </summary>
public sealed class DnsFailureWordsTests
{
    private const string Site = FailureRendering.Site;

    public static TheoryData<string, string> Cases() => FailureRendering.InEachLanguage("nodata", "servfail", "refused");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_resolver_answer_without_addresses_is_worded_for_the_user_and_the_help_desk(string answer, string language)
    {
        using var dns = new DnsFixture();
        var failure = answer switch
        {
            "nodata" => new ProbeFailure(FailureKind.NoAddresses),
            "servfail" => new ProbeFailure(FailureKind.ResolverFailure),
            _ => new ProbeFailure(FailureKind.ResolverCode) { Detail = "Refused" },
        };
        _ = answer switch
        {
            "nodata" => dns.A(Site), // the name exists, without address records
            "servfail" => dns.Fail(Site, ReturnCode.ServerFailure),
            _ => dns.Fail(Site, ReturnCode.Refused),
        };
        using var probes = FailureRendering.Probes(dns.Endpoint, [dns.Endpoint]);

        var d = await FailureRendering.DiagnoseAsync(probes, Site);

        Assert.Equal(VerdictKind.DnsFailure, d.Verdict.Kind);
        Assert.Equal(2, d.Dns!.Resolvers.Count);
        Assert.All(d.Dns.Resolvers, r => Assert.Equal(failure, r.Failure));
        FailureRendering.AssertFailureWorded(d, language, failure);
    }

    public static TheoryData<string> Languages => FailureRendering.Languages;

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_public_resolver_not_asked_for_an_internal_name_is_worded_for_the_user_and_the_help_desk(string language)
    {
        using var dns = new DnsFixture(); // the system resolver does not know the name either
        using var probes = FailureRendering.Probes(dns.Endpoint, [dns.Endpoint], configure: o => o.InternalZones = ["contoso.test"]);

        var d = await FailureRendering.DiagnoseAsync(probes, Site);

        var skipped = new ProbeFailure(FailureKind.InternalZone);
        var missing = new ProbeFailure(FailureKind.NameNotFound);
        Assert.Equal([missing, skipped], d.Dns!.Resolvers.Select(r => r.Failure));
        Assert.Equal(1, dns.Queries(Site)); // only the system resolver was asked
        FailureRendering.AssertWorded(
            d,
            language,
            user => [FailureRendering.Text(skipped, user), FailureRendering.Text(missing, user)],
            desk => [FailureRendering.Text(skipped, desk), FailureRendering.Text(missing, desk)]);
    }
}
