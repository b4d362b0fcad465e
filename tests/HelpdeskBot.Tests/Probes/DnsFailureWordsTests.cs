using ARSoft.Tools.Net.Dns;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Tests.Probes;

/// <summary>
/// Resolver answers without addresses, from the in-process DNS server (as the system and a public resolver), through
/// the real diagnosis to the user's card and the ticket in the reader's words: NODATA, SERVFAIL and REFUSED.
/// </summary>
public sealed class DnsFailureWordsTests
{
    private const string Site = FailureRendering.Site;

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var answer in new[] { "nodata", "servfail", "refused" })
        {
            foreach (var language in FailureRendering.Languages)
            {
                cases.Add(answer, language);
            }
        }

        return cases;
    }

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
}
