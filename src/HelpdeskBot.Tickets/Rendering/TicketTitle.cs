using System.Globalization;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Localization;
using Microsoft.AspNetCore.WebUtilities;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>
/// Short ticket titles in the help desk's language: "502 Bad Gateway on wiki.contoso.com — 3 users affected" (the
/// status' reason phrase is HTTP's own, RFC 9110 §15, the same in every language).
/// </summary>
internal static class TicketTitle
{
    /// <summary>ServiceNow's short_description holds 160 characters; the other systems allow more.</summary>
    public const int MaxLength = 160;

    public static string Build(EscalationRequest request, int affectedUsers, DeskTexts t)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(t);
        var host = ReportTarget.Shown(TargetKey.HostOf(request), t.TargetEverySite);
        var status = request.StatusCode ?? request.Diagnosis?.Verdict.ErrorStatus;
        string problem;
        if (status is int code)
        {
            var phrase = ReasonPhrases.GetReasonPhrase(code);
            problem = string.IsNullOrEmpty(phrase) ? code.ToString(CultureInfo.InvariantCulture) : $"{code} {phrase}";
        }
        else
        {
            problem = t.TitleSiteProblem;
        }

        var suffix = " — " + t.TitleUsersAffected(Math.Max(1, affectedUsers));
        var head = t.TitleOn(problem, host);
        if (head.Length + suffix.Length > MaxLength)
        {
            head = string.Concat(head.AsSpan(0, Math.Max(1, MaxLength - suffix.Length - 1)), "…");
        }

        return head + suffix;
    }
}
