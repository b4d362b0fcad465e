using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Testing.TicketSystems;

/// <summary>
/// Zendesk Support API v2: basic auth <c>{email}/token:{api_token}</c>, <c>{"ticket": …}</c> bodies with a
/// comment (body or html_body) and external_id, lookups by <c>?external_id=</c>, updates by PUT, and the ticket's
/// metrics at <c>GET /api/v2/tickets/{id}/metrics.json</c>, its audits with each update's custom metadata at
/// <c>GET /api/v2/tickets/{id}/audits.json</c>. As in Zendesk, every change (a comment from anyone
/// included) moves the ticket's updated_at; only a solve moves the metric's solved_at
/// (https://developer.zendesk.com/rest_api/docs/support/ticket_metrics). A closed ticket (as distinct from solved)
/// cannot be updated: a PUT answers 422 RecordInvalid; a new ticket with <c>via_followup_source_id</c> naming a closed
/// ticket follows it up, and the parameter has no effect with other tickets
/// (https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets, "Creating a
/// follow-up ticket").
/// </summary>
public sealed class FakeZendesk : FakeTicketSystem
{
    public const string Email = "agent@contoso.com";
    public const string ApiToken = "zd-6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";

    public override string ProviderName => "Zendesk";

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Tickets:Provider"] = "Zendesk",
        ["Tickets:Zendesk:BaseUrl"] = BaseAddress.AbsoluteUri,
        ["Tickets:Zendesk:Email"] = Email,
        ["Tickets:Zendesk:ApiToken"] = ApiToken,
    };

    private int _metricRequests;

    /// <summary>Per ticket id, the custom metadata of each update's audit (null: none), oldest first.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentQueue<JsonObject?>> _audits = new(StringComparer.Ordinal);

    /// <summary>How many times a ticket's metrics were asked for.</summary>
    public int MetricRequests => Volatile.Read(ref _metricRequests);

    public override IReadOnlyList<string> Secrets => [ApiToken, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}/token:{ApiToken}"))];

    protected override Task<bool> IsAuthenticatedAsync(HttpRequest request)
        => Task.FromResult(request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}/token:{ApiToken}")));

    protected override void Map(WebApplication app)
    {
        app.MapPost("/api/v2/tickets.json", async (HttpContext context) =>
        {
            if (await ReadJsonAsync(context.Request) is not JsonObject body || body["ticket"] is not JsonObject t)
            {
                return Violation("POST tickets needs {ticket: {...}}");
            }

            var comment = Str(t["comment"]?["html_body"]) ?? Str(t["comment"]?["body"]);
            if (comment is not { Length: > 0 })
            {
                return Violation("ticket.comment.body or html_body is required");
            }

            if (Str(t["external_id"]) is not { Length: > 0 } externalId)
            {
                return Violation("external_id is required by HelpdeskBot's contract");
            }

            if (Str(t["priority"]) is not (null or "urgent" or "high" or "normal" or "low"))
            {
                return Violation("priority must be urgent, high, normal or low");
            }

            var id = (1000 + NextNumber()).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var ticket = Store(id, id, externalId, Str(t["subject"]) ?? string.Empty, comment);
            if (t["via_followup_source_id"] is JsonValue source && source.TryGetValue<long>(out var sourceId)
                && Tickets.TryGetValue(sourceId.ToString(System.Globalization.CultureInfo.InvariantCulture), out var followed) && followed.Status == "closed")
            {
                ticket.FollowUpOf = followed.Id;
            }

            if (Audited(ticket, body) is { } tooLarge)
            {
                return tooLarge;
            }

            await AfterCreateAsync(ticket, context);
            return Results.Json(new JsonObject { ["ticket"] = Json(ticket) }, statusCode: 201);
        });
        app.MapGet("/api/v2/tickets.json", (HttpContext context) =>
        {
            var externalId = context.Request.Query["external_id"].ToString();
            if (externalId.Length == 0)
            {
                return Violation("lookups go by ?external_id=");
            }

            var found = Tickets.Values.Where(t => t.CorrelationId == externalId).Select(t => (JsonNode)Json(t)).ToArray();
            return Results.Json(new JsonObject { ["tickets"] = new JsonArray(found), ["count"] = found.Length, ["next_page"] = null });
        });
        app.MapPut("/api/v2/tickets/{file}", async (string file, HttpContext context) =>
        {
            if (!file.EndsWith(".json", StringComparison.Ordinal) || !Tickets.TryGetValue(file[..^5], out var ticket))
            {
                return Results.Json(new { error = "RecordNotFound" }, statusCode: 404);
            }

            if (ticket.Status == "closed")
            {
                // Zendesk's validation error envelope (error, description, details per field).
                return Results.Json(
                    new JsonObject
                    {
                        ["error"] = "RecordInvalid",
                        ["description"] = "Record validation errors",
                        ["details"] = new JsonObject { ["status"] = new JsonArray(new JsonObject { ["description"] = "Status: closed prevents ticket update" }) },
                    },
                    statusCode: 422);
            }

            var body = await ReadJsonAsync(context.Request);
            var comment = Str(body?["ticket"]?["comment"]?["html_body"]) ?? Str(body?["ticket"]?["comment"]?["body"]);
            if (comment is not { Length: > 0 })
            {
                return Violation("PUT ticket expects ticket.comment.body or html_body");
            }

            if (Audited(ticket, body!.AsObject()) is { } tooLarge)
            {
                return tooLarge;
            }

            Commented(ticket, comment);
            if (Str(body?["ticket"]?["subject"]) is { Length: > 0 } subject)
            {
                ticket.Title = subject;
            }

            return Results.Json(new JsonObject { ["ticket"] = Json(ticket) });
        });
        app.MapGet("/api/v2/tickets/{id}/audits.json", (string id) =>
        {
            if (!Tickets.TryGetValue(id, out var ticket))
            {
                return Results.Json(new { error = "RecordNotFound" }, statusCode: 404);
            }

            var audits = _audits.TryGetValue(id, out var kept) ? kept.ToArray() : [];
            var list = audits.Select((custom, i) => (JsonNode)new JsonObject
            {
                ["id"] = (Id(ticket) * 1000) + i,
                ["ticket_id"] = Id(ticket),
                ["metadata"] = new JsonObject { ["system"] = new JsonObject(), ["custom"] = custom?.DeepClone() ?? new JsonObject() },
                ["events"] = new JsonArray(new JsonObject { ["type"] = "Comment", ["public"] = false }),
            }).ToArray();
            return Results.Json(new JsonObject { ["audits"] = new JsonArray(list), ["count"] = list.Length, ["next_page"] = null, ["previous_page"] = null });
        });
        app.MapGet("/api/v2/tickets/{id}/metrics.json", (string id) =>
        {
            Interlocked.Increment(ref _metricRequests);
            return Tickets.TryGetValue(id, out var t)
                ? Results.Json(new JsonObject { ["ticket_metric"] = Metric(t) })
                : Results.Json(new { error = "RecordNotFound" }, statusCode: 404);
        });
        app.MapGet("/api/v2/tickets/{file}", (string file) =>
            file.EndsWith(".json", StringComparison.Ordinal) && Tickets.TryGetValue(file[..^5], out var t)
                ? Results.Json(new JsonObject { ["ticket"] = Json(t) })
                : Results.Json(new { error = "RecordNotFound" }, statusCode: 404));
    }

    /// <summary>
    /// Ticket metrics keep status_updated_at (every status change) apart from solved_at (the latest solve; the full
    /// resolution time runs to it); closing a solved ticket solves nothing new; a solved ticket opened again is a reopen.
    /// </summary>
    protected override void StatusChanged(FakeTicket ticket, string? oldStatus, string? oldCategory, DateTimeOffset now)
    {
        ticket.StatusChangedAt = now;
        var wasDone = oldStatus is "solved" or "closed";
        var isDone = ticket.Status is "solved" or "closed";
        if (isDone && !wasDone)
        {
            ticket.ResolvedAt = now;
        }
        else if (wasDone && !isDone)
        {
            ticket.Reopens++;
        }
    }

    /// <summary>
    /// Records the update's audit with the request's custom metadata ("metadata" beside "ticket", at most 1 KB as Zendesk
    /// documents); a larger one is a violation.
    /// </summary>
    private IResult? Audited(FakeTicket ticket, JsonObject body)
    {
        var custom = body["metadata"] as JsonObject;
        if (custom is not null && Encoding.UTF8.GetByteCount(custom.ToJsonString()) > 1024)
        {
            return Violation("custom metadata is limited to 1 KB");
        }

        _audits.GetOrAdd(ticket.Id, _ => new()).Enqueue(custom?.DeepClone().AsObject());
        return null;
    }

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static long Id(FakeTicket t) => long.Parse(t.Id, System.Globalization.CultureInfo.InvariantCulture);

    private JsonObject Json(FakeTicket t) => new()
    {
        ["id"] = Id(t),
        ["url"] = $"{BaseAddress}api/v2/tickets/{t.Id}.json",
        ["subject"] = t.Title,
        ["status"] = t.Status ?? "new",
        ["updated_at"] = Time(t.UpdatedAt),
        ["external_id"] = t.CorrelationId,
        ["via"] = t.FollowUpOf is { } source
            ? new JsonObject { ["channel"] = "api", ["source"] = new JsonObject { ["rel"] = "follow_up", ["from"] = new JsonObject { ["ticket_id"] = long.Parse(source, System.Globalization.CultureInfo.InvariantCulture) } } }
            : new JsonObject { ["channel"] = "api" },
    };

    /// <summary>The ticket_metric object as documented (times in UTC ISO 8601, null until the event happened).</summary>
    private JsonObject Metric(FakeTicket t) => new()
    {
        ["id"] = Id(t) + 90000,
        ["ticket_id"] = Id(t),
        ["url"] = $"{BaseAddress}api/v2/ticket_metrics/{Id(t) + 90000}.json",
        ["created_at"] = Time(t.CreatedAt),
        ["updated_at"] = Time(t.UpdatedAt),
        ["group_stations"] = 1,
        ["assignee_stations"] = 1,
        ["reopens"] = t.Reopens,
        ["replies"] = 0,
        ["assignee_updated_at"] = null,
        ["requester_updated_at"] = null,
        ["status_updated_at"] = Time(t.StatusChangedAt),
        ["initially_assigned_at"] = null,
        ["assigned_at"] = null,
        ["solved_at"] = Time(t.ResolvedAt),
        ["latest_comment_added_at"] = Time(t.LatestCommentAt),
    };
}
