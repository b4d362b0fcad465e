using System.Globalization;
using HelpdeskBot.Conversations.Localization;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>
/// The short answer to "what does 502 mean?": what the code says in plain words, then "which site?" — a question
/// about a code opens no case until the user names a site.
/// </summary>
internal static class StatusCodeMeaning
{
    public static string Explain(int code, UserTexts t) => $"{Meaning(code, t)} {t.WhichSiteShowsIt}";

    /// <summary>One or two sentences on a status (RFC 9110 §15 for the standard ones; Cloudflare's documentation for 52x).</summary>
    public static string Meaning(int code, UserTexts t) => code switch
    {
        500 => t.Meaning500,
        501 => t.Meaning501,
        502 => t.Meaning502,
        503 => t.Meaning503,
        504 => t.Meaning504,
        505 => t.Meaning505,
        507 => t.Meaning507,
        508 => t.Meaning508,
        511 => t.Meaning511,
        520 => t.Meaning520,
        521 => t.Meaning521,
        522 => t.Meaning522,
        523 => t.Meaning523,
        524 => t.Meaning524,
        525 or 526 => t.MeaningCloudflareTls(code.ToString(CultureInfo.InvariantCulture)),
        529 => t.Meaning529,
        400 => t.Meaning400,
        401 => t.Meaning401,
        403 => t.Meaning403,
        404 => t.Meaning404,
        408 => t.Meaning408,
        429 => t.Meaning429,
        >= 500 and < 600 => t.MeaningServerError(code.ToString(CultureInfo.InvariantCulture)),
        _ => t.MeaningClientError(code.ToString(CultureInfo.InvariantCulture)),
    };
}
