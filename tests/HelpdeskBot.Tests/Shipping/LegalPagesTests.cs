using System.Net;
using HelpdeskBot.Testing;
using HelpdeskBot.Tests.Bot;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>/privacy and /terms, the pages the Teams app package links to, are served by the bot from its settings.</summary>
public sealed class LegalPagesTests : IAsyncLifetime
{
    private FakeChannelAuthority _authority = null!;
    private FakeTokenEndpoint _tokens = null!;

    public async ValueTask InitializeAsync()
    {
        _authority = await FakeChannelAuthority.StartAsync();
        _tokens = await FakeTokenEndpoint.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _tokens.DisposeAsync();
        await _authority.DisposeAsync();
    }

    [Theory]
    [InlineData("/privacy", "Privacy statement", "opens a ticket in the help desk's ticket system")]
    [InlineData("/terms", "Terms of use", "its diagnosis is a best effort")]
    public async Task Default_pages_answer_200_with_html_anonymously(string path, string title, string text)
    {
        await using var app = new BotApplication(_authority, _tokens);
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(text), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_text_is_served_escaped_one_paragraph_per_blank_line()
    {
        var settings = new Dictionary<string, string?> { ["Legal:PrivacyText"] = "Contoso IT keeps <b>your</b> reports.\n\nWrite to it@contoso.com." };
        await using var app = new BotApplication(_authority, _tokens, settings);
        using var client = app.CreateClient();
        var html = await client.GetStringAsync("/privacy");
        Assert.Contains("<p>Contoso IT keeps &lt;b&gt;your&lt;/b&gt; reports.</p><p>Write to it@contoso.com.</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("help desk's ticket system", html, StringComparison.Ordinal);
    }
}
