using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;

namespace HelpdeskBot.Tickets.Tests.Rendering;

/// <summary>
/// A refusal's facts worded for the help desk in its language: the range an internal address is in by name beside its
/// CIDR, why a redirect was not followed, why a target is not a web address — never the probes' English sentence.
/// </summary>
public sealed class RefusalWordsTests
{
    private const string English = "the probes' English reason";

    public static TheoryData<string> OtherLanguages => new(DeskTexts.Shipped.Skip(1));

    public static IEnumerable<Finding> Refusals()
    {
        foreach (var kind in Enum.GetValues<AddressRangeKind>())
        {
            var cidr = AddressRangesOf(kind);
            yield return Refused(FindingKind.RefusedAddress, new FindingValues { Host = "wiki.contoso.com", Address = "10.1.2.3", Names = [cidr] });
        }

        yield return Refused(FindingKind.RefusedRedirect, new FindingValues { Host = "wiki.contoso.com", Error = English, Reason = "scheme", Names = ["ftp"] });
        yield return Refused(FindingKind.RefusedRedirect, new FindingValues { Host = "wiki.contoso.com", Error = English, Reason = "credentials" });
        yield return Refused(FindingKind.RefusedRedirect, new FindingValues { Host = "wiki.contoso.com", Error = English, Reason = "port", Port = 9, Names = ["80", "443"] });
        yield return Refused(FindingKind.RefusedRedirect, new FindingValues { Host = "wiki.contoso.com", Error = English, Reason = "unresolved", Names = ["sso.contoso.com", "nxdomain"], Failure = new(FailureKind.NameNotFound) });
        yield return Refused(FindingKind.RefusedRedirect, new FindingValues { Host = "wiki.contoso.com", Error = English, Reason = "address", Address = "169.254.169.254", Names = ["169.254.169.254/32"] });
        yield return Refused(FindingKind.RefusedRedirect, new FindingValues { Host = "wiki.contoso.com", Error = English, Reason = "unchecked", Names = ["sso.contoso.com"] });
        foreach (var problem in Enum.GetValues<TargetProblem>())
        {
            yield return Refused(FindingKind.TargetInvalid, new FindingValues { Reason = WireNames.Of(problem), Names = ["x"], Count = 2048 });
        }
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_refusal_reason_is_worded_in_the_help_desks_language(string language)
    {
        var t = DeskTexts.For(language);
        foreach (var refusal in Refusals())
        {
            var words = FindingWords.ForHelpDesk(refusal, t);
            var english = FindingWords.ForHelpDesk(refusal, DeskTexts.English);

            Assert.NotEqual(english, words);
            Assert.DoesNotContain(English, words, StringComparison.Ordinal);
            Assert.DoesNotContain("{", words, StringComparison.Ordinal);
            Assert.False(words.Contains(refusal.Message, StringComparison.Ordinal), $"{language}: {words}");
        }
    }

    [Fact]
    public void Each_kind_of_range_is_found_by_its_cidr()
    {
        foreach (var kind in Enum.GetValues<AddressRangeKind>())
        {
            Assert.Equal(kind, AddressRanges.KindOf(AddressRangesOf(kind)));
        }

        Assert.Null(AddressRanges.KindOf("203.0.114.0/24"));
    }

    [Fact]
    public void An_internal_address_is_named_by_its_range_with_the_cidr_beside_it()
    {
        var refusal = Refused(FindingKind.RefusedAddress, new FindingValues { Host = "wiki.contoso.com", Address = "10.1.2.3", Names = ["10.0.0.0/8"] });

        foreach (var language in DeskTexts.Shipped)
        {
            var t = DeskTexts.For(language);
            Assert.Contains(t.Catalogue.Get("Range_Private") + " 10.0.0.0/8", FindingWords.ForHelpDesk(refusal, t), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void A_redirect_to_a_name_that_does_not_resolve_words_the_dns_outcome_not_its_code(string language)
    {
        var t = DeskTexts.For(language);
        var refusal = Refused(FindingKind.RefusedRedirect, new FindingValues { Host = "wiki.contoso.com", Error = English, Reason = "unresolved", Names = ["sso.contoso.com", "nxdomain"], Failure = new(FailureKind.NameNotFound) });

        var words = FindingWords.ForHelpDesk(refusal, t);

        Assert.Contains(t.Catalogue.Get("Failure_NameNotFound"), words, StringComparison.Ordinal);
        Assert.DoesNotContain("nxdomain", words, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redirect_refusal_stored_before_refusals_had_kinds_quotes_what_was_stored()
    {
        var old = Refused(FindingKind.RefusedRedirect, new FindingValues { Host = "wiki.contoso.com", Error = "10.0.0.5 is a private network" });

        Assert.Contains("10.0.0.5 is a private network", FindingWords.ForHelpDesk(old, DeskTexts.For("de")), StringComparison.Ordinal);
    }

    private static Finding Refused(FindingKind kind, FindingValues values) =>
        new(FindingSeverity.Error, "refused", "wiki.contoso.com was not probed: " + English) { Kind = kind, Values = values };

    /// <summary>A CIDR of each kind of range, as the guard names it.</summary>
    private static string AddressRangesOf(AddressRangeKind kind) => kind switch
    {
        AddressRangeKind.Unspecified => "0.0.0.0/8",
        AddressRangeKind.Private => "192.168.0.0/16",
        AddressRangeKind.CarrierGradeNat => "100.64.0.0/10",
        AddressRangeKind.Loopback => "::1/128",
        AddressRangeKind.CloudMetadata => "169.254.169.254/32",
        AddressRangeKind.LinkLocal => "fe80::/10",
        AddressRangeKind.Documentation => "2001:db8::/32",
        AddressRangeKind.Benchmarking => "198.18.0.0/15",
        AddressRangeKind.Multicast => "224.0.0.0/4",
        AddressRangeKind.Broadcast => "255.255.255.255/32",
        _ => "240.0.0.0/4",
    };
}
