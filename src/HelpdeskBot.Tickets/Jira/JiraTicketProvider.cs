using System.Text;
using System.Text.Json.Nodes;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Jira;

/// <summary>
/// Jira Cloud / Jira Service Management REST v3: <c>POST /rest/api/3/issue</c> with an ADF description and a
/// label <c>hb-&lt;escalation id&gt;</c>, found again by JQL, commented with ADF (a keyed comment once: its key in a
/// comment property, looked up first), linked as <c>/browse/KEY</c>.
/// </summary>
internal sealed class JiraTicketProvider : ITicketProvider
{
    public const string ProviderName = "Jira";

    /// <summary>The comment property that holds a comment's idempotency key.</summary>
    internal const string KeyProperty = "helpdeskbot";

    /// <summary>Comments a page (Jira's maximum for the issue's comment list is 5,000; 100 keeps the id list short).</summary>
    private const int CommentPage = 100;
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
        if (comment.Key is not { Length: > 0 } commentKey || !await HasCommentAsync(key, commentKey, cancellationToken).ConfigureAwait(false))
        {
            var body = new JsonObject { ["body"] = AdfRenderer.Render(comment.Body) };
            if (comment.Key is { Length: > 0 } k)
            {
                // A comment property (Jira's entity properties, set with the comment): found again by the lookup above.
                body["properties"] = new JsonArray(new JsonObject { ["key"] = KeyProperty, ["value"] = new JsonObject { ["key"] = k } });
            }

            await _api.SendAsync(HttpMethod.Post, $"rest/api/3/issue/{key}/comment", body, cancellationToken).ConfigureAwait(false);
        }

        if (comment.NewTitle is { Length: > 0 } title)
        {
            await _api.SendAsync(HttpMethod.Put, $"rest/api/3/issue/{key}", new JsonObject { ["fields"] = new JsonObject { ["summary"] = title } }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether a comment of the issue carries <paramref name="commentKey"/> in its <see cref="KeyProperty"/> property: the
    /// issue's comment ids page by page, newest first (<c>GET /rest/api/3/issue/{key}/comment?orderBy=-created</c>: the comment a
    /// stop left behind is the latest, so it is on the first page however long the issue's history), their properties by id
    /// (<c>POST /rest/api/3/comment/list?expand=properties</c>; the issue's list expands only the rendered body).
    /// </summary>
    private async Task<bool> HasCommentAsync(string issue, string commentKey, CancellationToken cancellationToken)
    {
        for (var startAt = 0; ;)
        {
            var page = await _api.SendAsync(HttpMethod.Get, $"rest/api/3/issue/{issue}/comment?startAt={startAt}&maxResults={CommentPage}&orderBy=-created", null, cancellationToken).ConfigureAwait(false);
            var ids = (page?["comments"] as JsonArray ?? [])
                .Select(c => long.TryParse(TicketHttp.Text(c?["id"]), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
                .OfType<long>().ToList();
            if (ids.Count == 0)
            {
                return false;
            }

            var listed = await _api.SendAsync(HttpMethod.Post, "rest/api/3/comment/list?expand=properties", new JsonObject { ["ids"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]) }, cancellationToken, safe: true).ConfigureAwait(false);
            if (listed?["values"] is JsonArray values && values.Any(c => c?["properties"] is JsonArray properties
                && properties.Any(p => TicketHttp.Text(p?["key"]) == KeyProperty && TicketHttp.Text(p?["value"]?["key"]) == commentKey)))
            {
                return true;
            }

            startAt += ids.Count;
            if (page?["total"] is JsonValue total && total.TryGetValue<int>(out var count) && startAt >= count)
            {
                return false;
            }
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
