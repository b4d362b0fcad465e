using System.Text;
using System.Text.Json.Nodes;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Jira;

/// <summary>
/// Jira Cloud / Jira Service Management REST v3: <c>POST /rest/api/3/issue</c> with an ADF description and a
/// label <c>hb-&lt;escalation id&gt;</c>, found again by JQL, commented with ADF, linked as <c>/browse/KEY</c>.
/// </summary>
internal sealed class JiraTicketProvider : ITicketProvider
{
    public const string ProviderName = "Jira";
    private readonly TicketApiClient _api;
    private readonly JiraOptions _options;

    public JiraTicketProvider(IHttpClientFactory factory, TimeProvider time, IOptions<JiraOptions> options)
    {
        _api = new TicketApiClient(factory, time, ProviderName);
        _options = options.Value;
    }

    public string Name => ProviderName;

    /// <summary>Labels cannot hold spaces; the id is reduced to letters, digits, '-' and '_'.</summary>
    public static string Label(string correlationId)
    {
        var label = new StringBuilder("hb-");
        foreach (var c in correlationId)
        {
            label.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return label.Length > 255 ? label.ToString(0, 255) : label.ToString();
    }

    public async Task<TicketRef?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["jql"] = $"project = \"{_options.ProjectKey}\" AND labels = \"{Label(correlationId)}\"",
            ["fields"] = new JsonArray("summary", "status"),
            ["maxResults"] = 1,
        };
        var path = _options.UseEnhancedSearch ? "rest/api/3/search/jql" : "rest/api/3/search";
        var answer = await _api.SendAsync(HttpMethod.Post, path, body, cancellationToken, safe: true).ConfigureAwait(false);
        return answer?["issues"] is JsonArray { Count: > 0 } issues ? Ref(issues[0]) : null;
    }

    public async Task<TicketRef> CreateAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["fields"] = new JsonObject
            {
                ["project"] = new JsonObject { ["key"] = _options.ProjectKey },
                ["issuetype"] = new JsonObject { ["name"] = _options.IssueType },
                ["summary"] = draft.Title,
                ["description"] = AdfRenderer.Render(draft.Body),
                ["labels"] = new JsonArray("helpdeskbot", Label(draft.CorrelationId)),
            },
        };
        var answer = await _api.SendAsync(HttpMethod.Post, "rest/api/3/issue", body, cancellationToken).ConfigureAwait(false);
        return Ref(answer);
    }

    public async Task AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        var key = TicketHttp.Escape(ticket.Number);
        await _api.SendAsync(HttpMethod.Post, $"rest/api/3/issue/{key}/comment", new JsonObject { ["body"] = AdfRenderer.Render(comment.Body) }, cancellationToken).ConfigureAwait(false);
        if (comment.NewTitle is { Length: > 0 } title)
        {
            await _api.SendAsync(HttpMethod.Put, $"rest/api/3/issue/{key}", new JsonObject { ["fields"] = new JsonObject { ["summary"] = title } }, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<TicketView?> GetAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await _api.SendAsync(HttpMethod.Get, $"rest/api/3/issue/{TicketHttp.Escape(ticket.Number)}?fields=summary,status,statuscategorychangedate,resolutiondate", null, cancellationToken).ConfigureAwait(false);
            var status = answer?["fields"]?["status"];
            // statuscategorychangedate moves only when the status category changes (a reopening, then Done again);
            // resolutiondate when the resolution is set. Neither moves on a comment or an edit, unlike "updated".
            return new TicketView(Ref(answer), TicketHttp.Text(answer?["fields"]?["summary"]) ?? string.Empty, TicketHttp.Text(status?["name"]) ?? string.Empty, StateOf(TicketHttp.Text(status?["statusCategory"]?["key"])),
                TicketHttp.Time(answer?["fields"]?["statuscategorychangedate"]) ?? TicketHttp.Time(answer?["fields"]?["resolutiondate"]));
        }
        catch (TicketProviderException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Workflows name their statuses freely ("Done", "Won't fix", "Fixed in prod"); every status belongs to one of three
    /// fixed categories, <c>new</c>, <c>indeterminate</c> and <c>done</c>, so the category decides.
    /// </summary>
    internal static ExternalTicketState StateOf(string? categoryKey) => categoryKey switch
    {
        "done" => ExternalTicketState.Resolved,
        "new" or "indeterminate" => ExternalTicketState.Open,
        _ => ExternalTicketState.Unknown,
    };

    private TicketRef Ref(JsonNode? issue)
    {
        var key = _api.Required(issue?["key"], "issue key");
        var id = _api.Required(issue?["id"], "issue id");
        return new TicketRef(ProviderName, key, $"{_options.BaseUrl?.AbsoluteUri.TrimEnd('/')}/browse/{Uri.EscapeDataString(key)}", id);
    }
}
