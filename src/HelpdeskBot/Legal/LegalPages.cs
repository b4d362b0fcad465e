using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Legal;

/// <summary>
/// <c>GET /privacy</c> and <c>GET /terms</c>: the pages the Teams app package names as its privacy statement and
/// terms of use (Teams shows them in the app's details), served from <see cref="LegalOptions"/>. Anonymous.
/// </summary>
internal static class LegalPages
{
    public static WebApplicationBuilder AddHelpdeskBotLegal(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LegalOptions>().BindConfiguration(LegalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    public static WebApplication MapHelpdeskBotLegal(this WebApplication app)
    {
        app.MapGet("/privacy", (IOptions<LegalOptions> options) => Page("Privacy statement", options.Value.PrivacyText)).AllowAnonymous();
        app.MapGet("/terms", (IOptions<LegalOptions> options) => Page("Terms of use", options.Value.TermsText)).AllowAnonymous();
        return app;
    }

    private static ContentHttpResult Page(string title, string text)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>HelpdeskBot: ").Append(title).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style>")
            .Append("</head><body><h1>").Append(title).Append("</h1>");
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        html.Append("</body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }
}
