namespace HelpdeskBot.Probes.Tests.Configuration;

/// <summary>The egress proxy and control URLs bypass the guard on purpose, so they are checked once, at start-up.</summary>
public sealed class ProbesOptionsValidatorTests
{
    private static string[] Errors(Action<ProbesOptions> configure)
    {
        var options = new ProbesOptions();
        configure(options);
        var result = new ProbesOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Theory]
    [InlineData("http://proxy.corp:3128")]
    [InlineData("http://10.1.2.3:8080/")]
    public void A_plain_http_proxy_is_accepted(string proxy) => Assert.Empty(Errors(o => o.EgressProxy = proxy));

    [Theory]
    [InlineData("https://proxy.corp:3128", "http:// proxy URL")]
    [InlineData("socks5://proxy.corp:1080", "http:// proxy URL")]
    [InlineData("proxy.corp:3128", "http:// proxy URL")]
    [InlineData("http://proxy.corp:3128/pac", "without a path")]
    public void A_proxy_the_probe_cannot_speak_to_fails_at_start_up(string proxy, string reason)
    {
        var error = Assert.Single(Errors(o => o.EgressProxy = proxy));
        Assert.StartsWith("Probes:EgressProxy:", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Proxy_credentials_are_refused_and_never_echoed()
    {
        var error = Assert.Single(Errors(o => o.EgressProxy = "http://svc-probe:S3cret!@proxy.corp:3128"));

        Assert.Contains("carries credentials", error, StringComparison.Ordinal);
        Assert.Contains("http://***@proxy.corp:3128", error, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cret", error, StringComparison.Ordinal);
        Assert.DoesNotContain("svc-probe", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_urls_with_credentials_are_refused_and_never_echoed()
    {
        var errors = Errors(o => o.ControlUrls = ["https://www.contoso.com/", "https://bob:hunter2@status.contoso.com/ping", "ftp://x:y@files.contoso.com/"]);

        Assert.Equal(2, errors.Length);
        Assert.Contains(errors, e => e.Contains("'https://***@status.contoso.com/ping' carries credentials", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'ftp://***@files.contoso.com/' is not an http(s) URL", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("hunter2", e, StringComparison.Ordinal));
    }
}
