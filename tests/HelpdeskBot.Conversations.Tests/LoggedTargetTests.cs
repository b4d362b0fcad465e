using HelpdeskBot.Conversations;

namespace HelpdeskBot.Conversations.Tests;

public sealed class LoggedTargetTests
{
    [Theory]
    [InlineData("wiki.contoso.com", "wiki.contoso.com", "https://wiki.contoso.com/")]
    [InlineData("https://wiki.contoso.com/page/2?session=abc123&sig=s3cret#top", "wiki.contoso.com", "https://wiki.contoso.com/page/2")]
    [InlineData("http://intranet:8080/report?token=s3cret", "intranet", "http://intranet:8080/report")]
    [InlineData("HTTPS://Bücher.example/x?y=1", "xn--bcher-kva.example", "https://xn--bcher-kva.example/x")]
    [InlineData("https://[::1]:8443/a?b=c", "::1", "https://[::1]:8443/a")]
    public void Information_gets_the_host_and_Debug_the_url_without_query_or_fragment(string target, string host, string url)
    {
        Assert.Equal(new LoggedTarget(host, url), LoggedTarget.From(target));
    }

    [Theory]
    [InlineData("ftp://files.contoso.com/a?token=s3cret", "ftp://files.contoso.com/a")]
    [InlineData("not a site?token=s3cret#x", "not a site")]
    [InlineData("#s3cret", "")]
    public void Text_that_is_no_web_address_has_no_host_and_loses_its_query_at_Debug_too(string target, string url)
    {
        Assert.Equal(new LoggedTarget(null, url), LoggedTarget.From(target));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_target_logs_nothing(string? target)
    {
        Assert.Equal(default, LoggedTarget.From(target));
    }
}
