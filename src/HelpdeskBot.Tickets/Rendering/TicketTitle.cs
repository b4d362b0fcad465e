using System.Globalization;
using HelpdeskBot.Tickets.Escalations;
using Microsoft.AspNetCore.WebUtilities;

namespace HelpdeskBot.Tickets.Rendering;

/// <summary>Short ticket titles: "502 Bad Gateway on wiki.contoso.com — 3 users affected".</summary>
internal static class TicketTitle
{
    /// <summary>ServiceNow's short_description holds 160 characters; the other systems allow more.</summary>
    public const int MaxLength = 160;

    public static string Build(EscalationRequest request, int affectedUsers)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = TargetKey.HostOf(request);
        var status = request.StatusCode ?? request.Diagnosis?.Verdict.StatusCode;
        string problem;
        if (status is int code)
        {
            var phrase = ReasonPhrases.GetReasonPhrase(code);
            problem = string.IsNullOrEmpty(phrase) ? code.ToString(CultureInfo.InvariantCulture) : $"{code} {phrase}";
        }
        else
        {
            problem = string.IsNullOrWhiteSpace(request.ProblemTitle) ? "Problem" : request.ProblemTitle.Trim();
        }

        var users = Math.Max(1, affectedUsers);
        var suffix = users == 1 ? " — 1 user affected" : $" — {users.ToString(CultureInfo.InvariantCulture)} users affected";
        var head = problem.Contains(host, StringComparison.OrdinalIgnoreCase) ? problem : $"{problem} on {host}";
        if (head.Length + suffix.Length > MaxLength)
        {
            head = string.Concat(head.AsSpan(0, Math.Max(1, MaxLength - suffix.Length - 1)), "…");
        }

        return head + suffix;
    }
}
