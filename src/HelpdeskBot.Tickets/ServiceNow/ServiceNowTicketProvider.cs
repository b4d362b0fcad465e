using System.Globalization;
using System.Text.Json.Nodes;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.ServiceNow;

/// <summary>
/// ServiceNow Table API (<c>/api/now/table/incident</c>): correlation_id carries the escalation id; work
/// notes carry "also affected"; the number is INC…; the link is <c>/nav_to.do?uri=incident.do?sys_id=…</c>.
/// </summary>
internal sealed class ServiceNowTicketProvider : ITicketProvider
{
    public const string ProviderName = "ServiceNow";
    private const string Fields = "sys_id,number,short_description,state,resolved_at,closed_at,sys_updated_on";
    private readonly TicketApiClient _api;
    private readonly ServiceNowOptions _options;

    public ServiceNowTicketProvider(IHttpClientFactory factory, TimeProvider time, IOptions<ServiceNowOptions> options)
    {
        _api = new TicketApiClient(factory, time, ProviderName);
        _options = options.Value;
    }

    public string Name => ProviderName;

    private string TablePath => "api/now/table/" + Uri.EscapeDataString(_options.Table);

    public async Task<TicketRef?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
    {
        // Encoded query: '^' separates conditions, so the id itself must not hold one.
        var query = "correlation_id=" + correlationId.Replace("^", string.Empty, StringComparison.Ordinal);
        var answer = await _api.SendAsync(HttpMethod.Get, $"{TablePath}?sysparm_query={TicketHttp.Escape(query)}&sysparm_fields={Fields}&sysparm_limit=1", null, cancellationToken).ConfigureAwait(false);
        return answer?["result"] is JsonArray { Count: > 0 } results ? Ref(results[0]) : null;
    }

    public async Task<TicketRef> CreateAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        var r = draft.Request;
        var body = new JsonObject
        {
            ["short_description"] = draft.Title,
            ["description"] = PlainTextRenderer.Render(draft.Body),
            ["correlation_id"] = draft.CorrelationId,
            ["correlation_display"] = "HelpdeskBot",
            ["urgency"] = ((int)Urgency.Parse(r.Urgency)).ToString(CultureInfo.InvariantCulture),
            ["impact"] = ((int)Urgency.Parse(r.Impact)).ToString(CultureInfo.InvariantCulture),
            ["contact_type"] = "virtual_agent",
        };
        Set(body, "category", r.Route.Category);
        Set(body, "assignment_group", r.Route.AssignmentGroup ?? r.Route.OwningTeam ?? _options.DefaultAssignmentGroup);
        Set(body, "caller_id", _options.CallerId);
        var answer = await _api.SendAsync(HttpMethod.Post, $"{TablePath}?sysparm_fields={Fields}", body, cancellationToken).ConfigureAwait(false);
        return Ref(answer?["result"]);
    }

    public async Task AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["work_notes"] = PlainTextRenderer.Render(comment.Body) };
        Set(body, "short_description", comment.NewTitle);
        await _api.SendAsync(HttpMethod.Patch, $"{TablePath}/{TicketHttp.Escape(SysId(ticket))}?sysparm_fields={Fields}", body, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TicketView?> GetAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await _api.SendAsync(HttpMethod.Get, $"{TablePath}/{TicketHttp.Escape(SysId(ticket))}?sysparm_fields={Fields}", null, cancellationToken).ConfigureAwait(false);
            var result = answer?["result"];
            var state = result?["state"] is JsonValue value ? value.ToString() : string.Empty;
            // The resolution's own time, stamped by the incident table's business rules. Never sys_updated_on as such: any
            // later work note or edit moves it, so it would date an old resolution after a reopening. Without either time
            // the resolution is undated, and sys_updated_on goes along as the last change (the watch uses it only for a
            // resolution it saw happen after a reopening).
            var changedAt = TicketHttp.Time(result?["resolved_at"]) ?? TicketHttp.Time(result?["closed_at"]);
            var updatedAt = changedAt is null ? TicketHttp.Time(result?["sys_updated_on"]) : null;
            return new TicketView(Ref(result), TicketHttp.Text(result?["short_description"]) ?? string.Empty, state, StateOf(state), changedAt, updatedAt);
        }
        catch (TicketProviderException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// The incident table's state choices: 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled, as values
    /// or, with <c>sysparm_display_value</c>, as labels. Canceled and custom states say nothing about a fix.
    /// </summary>
    internal static ExternalTicketState StateOf(string state) => state.Trim().ToUpperInvariant() switch
    {
        "6" or "7" or "RESOLVED" or "CLOSED" => ExternalTicketState.Resolved,
        "1" or "2" or "3" or "NEW" or "IN PROGRESS" or "ON HOLD" => ExternalTicketState.Open,
        _ => ExternalTicketState.Unknown,
    };

    private static string SysId(TicketRef ticket)
        => ticket.ExternalId is { Length: > 0 } sysId ? sysId : throw new ArgumentException("A ServiceNow ticket reference needs its sys_id.", nameof(ticket));

    private TicketRef Ref(JsonNode? result)
    {
        var sysId = _api.Required(result?["sys_id"], "sys_id");
        var number = _api.Required(result?["number"], "number");
        var baseUrl = _options.BaseUrl?.AbsoluteUri.TrimEnd('/') ?? string.Empty;
        var url = $"{baseUrl}/nav_to.do?uri={Uri.EscapeDataString($"{_options.Table}.do?sys_id={sysId}")}";
        return new TicketRef(ProviderName, number, url, sysId);
    }

    private static void Set(JsonObject body, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            body[field] = value;
        }
    }
}
