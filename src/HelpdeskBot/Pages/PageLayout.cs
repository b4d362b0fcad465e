using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using HelpdeskBot.Admin;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Pages;

/// <summary>
/// The shell every agents' page shares (/dashboard, /tickets): header, navigation between the pages the signed-in
/// key or role may open, and the response hardening. Server-rendered, no script; every text is HTML-encoded. The pages
/// are the help desk's: they speak its language (<c>Tickets:Language</c>, <see cref="DeskTexts"/>).
/// </summary>
internal static class PageLayout
{
    /// <summary>No script at all; styles inline; forms post only back to the bot.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private const string Style = """
        body{font-family:"Segoe UI",system-ui,-apple-system,sans-serif;margin:0;background:#faf9f8;color:#242424}
        header{background:#0F6CBD;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px;font-weight:600}
        header p{margin:2px 0 0;font-size:13px;opacity:.9}main{padding:20px 24px;max-width:1120px}
        nav{display:flex;gap:4px;margin-top:10px}nav a{color:#fff;text-decoration:none;font-size:14px;padding:4px 10px;border-radius:4px}
        nav a:hover{background:rgba(255,255,255,.15)}nav a[aria-current]{background:#fff;color:#0F6CBD;font-weight:600}
        a{color:#0F6CBD}
        """;

    private static readonly (string Key, Func<DeskTexts, string> Label, string Href, string Scope)[] Links =
    [
        ("dashboard", t => t.PageNavDashboard, "/dashboard", AdminScopes.Dashboard),
        ("tickets", t => t.PageNavTickets, "/tickets", AdminScopes.TicketsRead),
        ("open-tickets", t => t.PageNavOpenTickets, "/tickets?open=true", AdminScopes.TicketsRead),
    ];

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>Starts a page: head, header with <paramref name="title"/> and <paramref name="subtitle"/>, navigation, and &lt;main&gt;.</summary>
    /// <param name="current">The navigation entry of this page (dashboard, tickets, open-tickets), or null.</param>
    /// <param name="refreshSeconds">Reload the page this often (a meta refresh: no script), or never when null.</param>
    public static StringBuilder Start(DeskTexts t, string title, string? subtitle, string? current, ClaimsPrincipal user, string pageStyle, int? refreshSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        var html = new StringBuilder(16_384);
        html.Append("<!DOCTYPE html><html lang=\"").Append(Encode(t.Language)).Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<meta name=\"robots\" content=\"noindex\">");
        if (refreshSeconds is { } seconds)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<meta http-equiv=\"refresh\" content=\"{seconds}\">");
        }

        html.Append("<title>").Append(Encode(title)).Append(" · HelpdeskBot</title><style>")
            .Append(Style).Append(pageStyle).Append("</style></head><body><header><h1>HelpdeskBot · ").Append(Encode(title)).Append("</h1>");
        if (subtitle is not null)
        {
            html.Append("<p>").Append(Encode(subtitle)).Append("</p>");
        }

        html.Append("<nav aria-label=\"").Append(Encode(t.PageNavLabel)).Append("\">");
        foreach (var link in Links.Where(l => user.HasClaim(AdminScopes.ClaimType, l.Scope)))
        {
            html.Append("<a href=\"").Append(Encode(link.Href)).Append('"').Append(link.Key == current ? " aria-current=\"page\"" : string.Empty)
                .Append('>').Append(Encode(link.Label(t))).Append("</a>");
        }

        return html.Append("</nav></header><main>");
    }

    public static string End(StringBuilder html) => html.Append("</main></body></html>").ToString();

    /// <summary>Agents' pages and their JSON: never cached, never sniffed, never framed, no referrer to ticket systems.</summary>
    public static void Harden(HttpResponse response, bool html)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        if (html)
        {
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
    }

    /// <summary>HTML-encodes markup characters; letters of every script stay as they are (the pages are UTF-8, in any language).</summary>
    public static string Encode(string text) => Encoder.Encode(text);

    /// <summary>A time on the pages: UTC, in the help desk's language's date format.</summary>
    public static string Time(DateTimeOffset at, DeskTexts t) => at.ToUniversalTime().ToString(t.PageTimeFormat, System.Globalization.CultureInfo.InvariantCulture);
}
