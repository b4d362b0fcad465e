using System.Globalization;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// The short answer to "what does 502 mean?": what the code says in plain words, then "which site?" — a question
/// about a code opens no case until the user names a site.
/// </summary>
internal static class StatusCodeMeaning
{
    public const string WhichSite = "Which site shows it? Send me its address (for example wiki.contoso.com) and I'll check it from our servers.";

    public static string Explain(int code) => $"{Meaning(code)} {WhichSite}";

    /// <summary>One or two sentences on a status (RFC 9110 §15 for the standard ones; Cloudflare's documentation for 52x).</summary>
    public static string Meaning(int code) => code switch
    {
        500 => "**500 Internal Server Error** means the site's own application failed while answering.",
        501 => "**501 Not Implemented** means the server does not support what the browser asked for.",
        502 => "**502 Bad Gateway** means a proxy, load balancer or CDN in front of the site got no valid answer from the server behind it.",
        503 => "**503 Service Unavailable** means the site is overloaded, down for maintenance or has no healthy server to answer.",
        504 => "**504 Gateway Timeout** means a proxy, load balancer or CDN in front of the site waited too long for the server behind it.",
        505 => "**505 HTTP Version Not Supported** means the server refused the browser's HTTP version.",
        507 => "**507 Insufficient Storage** means the server ran out of space to finish the request.",
        508 => "**508 Loop Detected** means the server found itself going round in circles.",
        511 => "**511 Network Authentication Required** means the network (often a hotel or guest Wi-Fi) wants you to sign in first.",
        520 => "**520** is Cloudflare's \"unknown error\": the site's server answered Cloudflare with something it could not use.",
        521 => "**521** is Cloudflare's \"web server is down\": the site's server refused Cloudflare's connection.",
        522 => "**522** is Cloudflare's \"connection timed out\": the site's server did not answer Cloudflare in time.",
        523 => "**523** is Cloudflare's \"origin is unreachable\": Cloudflare could not find a route to the site's server.",
        524 => "**524** is Cloudflare's \"a timeout occurred\": the site's server took too long to finish its answer.",
        525 or 526 => $"**{code.ToString(CultureInfo.InvariantCulture)}** is Cloudflare failing the secure (TLS) connection to the site's server.",
        529 => "**529** means the site is overloaded (Cloudflare's \"site is overloaded\").",
        400 => "**400 Bad Request** means the site could not understand the request; a stale cookie or a mangled link is the usual cause.",
        401 => "**401 Unauthorized** means the site wants you to sign in.",
        403 => "**403 Forbidden** means the site understood you but will not let you in: usually a permission.",
        404 => "**404 Not Found** means the page does not exist at that address: the link may be old or mistyped.",
        408 => "**408 Request Timeout** means the site gave up waiting for your browser.",
        429 => "**429 Too Many Requests** means the site is limiting how often you may ask; waiting a minute usually helps.",
        >= 500 and < 600 => $"**{code.ToString(CultureInfo.InvariantCulture)}** is a server error: something on the site's side failed.",
        _ => $"**{code.ToString(CultureInfo.InvariantCulture)}** is a client error: the site refused the request as it was made.",
    };
}
