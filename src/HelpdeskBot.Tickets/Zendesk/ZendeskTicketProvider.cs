using System.Text.Json.Nodes;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Zendesk;

/// <summary>
/// Zendesk Support tickets API v2: <c>POST /api/v2/tickets.json</c> with <c>external_id</c> = escalation id and an
/// internal html_body comment, found again with <c>GET /api/v2/tickets.json?external_id=</c>, commented with
/// <c>PUT /api/v2/tickets/{id}.json</c> (a keyed comment once: its key in the audit's metadata, looked up in
/// <c>GET /api/v2/tickets/{id}/audits.json</c> first), read back with <c>GET /api/v2/tickets/{id}.json</c> (and, when solved or
/// closed, its ticket metrics for the time it was solved).
/// </summary>
internal sealed class ZendeskTicketProvider : ITicketProvider
{
    public const string ProviderName = "Zendesk";

    /// <summary>The custom audit metadata field that holds a comment's idempotency key.</summary>
    internal const string KeyField = "helpdeskbot_key";

    /// <summary>100 audits a page: 60 pages cover a ticket's 5,000 comments and the other updates around them.</summary>
    private const int MaxAuditPages = 60;
    private readonly TicketApiClient _api;
    private readonly ZendeskOptions _options;

    public ZendeskTicketProvider(IHttpClientFactory factory, TimeProvider time, IOptions<ZendeskOptions> options)
    {
        _api = new TicketApiClient(factory, time, ProviderName);
        _options = options.Value;
    }

    public string Name => ProviderName;

    public async Task<TicketRef?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
    {
        var answer = await _api.SendAsync(HttpMethod.Get, $"api/v2/tickets.json?external_id={TicketHttp.Escape(correlationId)}", null, cancellationToken).ConfigureAwait(false);
        return answer?["tickets"] is JsonArray { Count: > 0 } tickets ? Ref(tickets[0]) : null;
    }

    public async Task<TicketRef> CreateAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        var r = draft.Request;
        var ticket = new JsonObject
        {
            ["subject"] = draft.Title,
            ["comment"] = new JsonObject { ["html_body"] = HtmlRenderer.Render(draft.Body), ["public"] = false },
            ["external_id"] = draft.CorrelationId,
            ["type"] = "incident",
            ["priority"] = Urgency.Parse(r.Urgency) switch
            {
                UrgencyLevel.High => "high",
                UrgencyLevel.Medium => "normal",
                _ => "low",
            },
            ["tags"] = new JsonArray("helpdeskbot"),
        };
        if (r.Reporter.Email is { Length: > 0 } email)
        {
            // Zendesk finds or creates the end user by email, so the reporter is the requester.
            ticket["requester"] = new JsonObject { ["name"] = r.Reporter.Name, ["email"] = email };
        }

        if (_options.GroupId is long group)
        {
            ticket["group_id"] = group;
        }

        var answer = await _api.SendAsync(HttpMethod.Post, "api/v2/tickets.json", new JsonObject { ["ticket"] = ticket }, cancellationToken).ConfigureAwait(false);
        return Ref(answer?["ticket"]);
    }

    public async Task AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        if (comment.Key is { Length: > 0 } key && await HasUpdateAsync(ticket.Number, key, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var update = new JsonObject { ["comment"] = new JsonObject { ["html_body"] = HtmlRenderer.Render(comment.Body), ["public"] = false } };
        if (comment.NewTitle is { Length: > 0 } title)
        {
            update["subject"] = title;
        }

        await _api.SendAsync(HttpMethod.Put, $"api/v2/tickets/{TicketHttp.Escape(ticket.Number)}.json", Body(update, comment.Key), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A closed ticket (as distinct from solved) cannot be updated (422) nor reopened: the note starts a follow-up ticket
    /// with <c>via_followup_source_id</c> naming it, which only works with closed tickets
    /// (https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets, "Creating a
    /// follow-up ticket"). Any other refusal stays an error: nothing says the note was added.
    /// </summary>
    public async Task<TicketRef> AddNoteAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        try
        {
            await AddCommentAsync(ticket, comment, cancellationToken).ConfigureAwait(false);
            return ticket;
        }
        catch (TicketProviderException ex) when (ex.StatusCode == 422 && long.TryParse(ticket.Number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            var answer = await _api.SendAsync(HttpMethod.Get, $"api/v2/tickets/{TicketHttp.Escape(ticket.Number)}.json", null, cancellationToken).ConfigureAwait(false);
            if (answer?["ticket"] is not { } closed || TicketHttp.Text(closed["status"]) != "closed")
            {
                throw;
            }

            // The follow-up's own external_id, one per closed ticket, so the escalation's lookup never finds it and a
            // stop between creating it and storing its number (the click answered with an error, the agent adding the
            // note again) finds it instead of opening a second one; the note then goes on it as a comment.
            var followUpId = FollowUpId(ticket.ExternalId ?? TicketHttp.Text(closed["external_id"]), ticket.Number);
            if (await FindByCorrelationIdAsync(followUpId, cancellationToken).ConfigureAwait(false) is { } opened)
            {
                await AddCommentAsync(opened, comment, cancellationToken).ConfigureAwait(false);
                return opened;
            }

            var followUp = new JsonObject
            {
                ["via_followup_source_id"] = id,
                ["subject"] = closed["subject"]?.DeepClone(),
                ["comment"] = new JsonObject { ["html_body"] = HtmlRenderer.Render(comment.Body), ["public"] = false },
                ["external_id"] = followUpId,
                ["type"] = "incident",
            };
            if (_options.GroupId is long group)
            {
                followUp["group_id"] = group;
            }

            // The note's key goes on the follow-up's first audit too: a stop before its number is stored, and the same note
            // sent again finds it there (above) instead of adding it a second time.
            var created = await _api.SendAsync(HttpMethod.Post, "api/v2/tickets.json", Body(followUp, comment.Key), cancellationToken).ConfigureAwait(false);
            return Ref(created?["ticket"]);
        }
    }

    /// <summary>
    /// The external_id of the follow-up of closed ticket <paramref name="closedNumber"/>: the escalation's (null: the
    /// ticket's number alone) and the closed ticket's number. No comma: a lookup by external_id reads one as a list.
    /// </summary>
    internal static string FollowUpId(string? escalationExternalId, string closedNumber) =>
        $"{escalationExternalId ?? "ticket"}:follow-up-of:{closedNumber}".Replace(',', ';');

    /// <summary>
    /// A ticket body, with the comment's key as the update's custom metadata: Zendesk keeps up to 1 KB of it on the audit
    /// the update makes and lists it back under the audit's <c>metadata.custom</c>
    /// (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/, "Setting metadata";
    /// https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/). A comment has no field of its own for it.
    /// </summary>
    private static JsonObject Body(JsonObject ticket, string? key)
    {
        var body = new JsonObject { ["ticket"] = ticket };
        if (key is { Length: > 0 })
        {
            body["metadata"] = new JsonObject { [KeyField] = key };
        }

        return body;
    }

    /// <summary>
    /// Whether an update of the ticket already carried <paramref name="key"/>: its audits, oldest first, page after page
    /// (<c>GET /api/v2/tickets/{id}/audits.json</c>, <c>next_page</c>), at most <see cref="MaxAuditPages"/> pages (a
    /// ticket holds at most 5,000 comments). A next page elsewhere than the configured base URL is not followed.
    /// </summary>
    private async Task<bool> HasUpdateAsync(string number, string key, CancellationToken cancellationToken)
    {
        var baseUrl = _options.BaseUrl?.AbsoluteUri ?? string.Empty;
        string? page = $"api/v2/tickets/{TicketHttp.Escape(number)}/audits.json";
        for (var pages = 0; page is not null && pages < MaxAuditPages; pages++)
        {
            var answer = await _api.SendAsync(HttpMethod.Get, page, null, cancellationToken).ConfigureAwait(false);
            if (answer?["audits"] is JsonArray audits && audits.Any(a => TicketHttp.Text(a?["metadata"]?["custom"]?[KeyField]) == key))
            {
                return true;
            }

            page = TicketHttp.Text(answer?["next_page"]) is { } next && baseUrl.Length > 0 && next.StartsWith(baseUrl, StringComparison.OrdinalIgnoreCase)
                ? next[baseUrl.Length..]
                : null;
        }

        return false;
    }

    public async Task<TicketView?> GetAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await _api.SendAsync(HttpMethod.Get, $"api/v2/tickets/{TicketHttp.Escape(ticket.Number)}.json", null, cancellationToken).ConfigureAwait(false);
            var t = answer?["ticket"];
            var status = t?["status"] is JsonValue value && value.TryGetValue<string>(out var s) ? s : string.Empty;
            var state = StateOf(status);
            var solvedAt = state == ExternalTicketState.Resolved ? await SolvedAtAsync(ticket, cancellationToken).ConfigureAwait(false) : null;
            return new TicketView(Ref(t), TicketHttp.Text(t?["subject"]) ?? string.Empty, status, state, solvedAt);
        }
        catch (TicketProviderException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// When the ticket was last solved: the ticket metric's solved_at (GET /api/v2/tickets/{id}/metrics.json,
    /// https://developer.zendesk.com/rest_api/docs/support/ticket_metrics). Not the ticket's updated_at, which every later
    /// comment or edit moves, nor status_updated_at, which closing a solved ticket moves; null when Zendesk has none.
    /// </summary>
    private async Task<DateTimeOffset?> SolvedAtAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        var answer = await _api.SendAsync(HttpMethod.Get, $"api/v2/tickets/{TicketHttp.Escape(ticket.Number)}/metrics.json", null, cancellationToken).ConfigureAwait(false);
        return TicketHttp.Time(answer?["ticket_metric"]?["solved_at"]);
    }

    /// <summary>Zendesk's fixed statuses: new, open, pending, hold; solved and closed end the ticket.</summary>
    internal static ExternalTicketState StateOf(string status) => status switch
    {
        "solved" or "closed" => ExternalTicketState.Resolved,
        "new" or "open" or "pending" or "hold" => ExternalTicketState.Open,
        _ => ExternalTicketState.Unknown,
    };

    private TicketRef Ref(JsonNode? ticket)
    {
        var id = _api.Required(ticket?["id"], "ticket id");
        var externalId = TicketHttp.Text(ticket?["external_id"]);
        return new TicketRef(ProviderName, id, $"{_options.BaseUrl?.AbsoluteUri.TrimEnd('/')}/agent/tickets/{id}", externalId);
    }
}
