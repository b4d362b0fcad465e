using System.Text.Json.Nodes;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Webhook;

/// <summary>
/// A generic JSON webhook (docs/webhook.md): every call is a signed POST to one URL with an <c>event</c> of
/// ticket.create, ticket.find, ticket.comment or ticket.get, and the escalation id as <c>Idempotency-Key</c>.
/// The receiver may answer with <c>{"ticketNumber": …, "url": …}</c>.
/// </summary>
internal sealed class WebhookTicketProvider : ITicketProvider
{
    public const string ProviderName = "Webhook";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string EventHeader = "X-HelpdeskBot-Event";
    private readonly TicketApiClient _api;
    private readonly TimeProvider _time;
    private readonly WebhookOptions _options;
    private readonly DeskTexts _texts;

    public WebhookTicketProvider(IHttpClientFactory factory, TimeProvider time, IOptions<WebhookOptions> options, DeskTexts texts)
    {
        _api = new TicketApiClient(factory, time, ProviderName);
        _time = time;
        _options = options.Value;
        _texts = texts;
    }

    public string Name => ProviderName;

    public async Task<TicketRef?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await PostAsync("ticket.find", correlationId, new JsonObject(), cancellationToken, safe: true).ConfigureAwait(false);
            return answer?["ticketNumber"] is null ? null : Ref(answer, correlationId);
        }
        catch (TicketProviderException ex) when (ex.StatusCode is 404)
        {
            return null;
        }
    }

    public async Task<TicketRef> CreateAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["ticket"] = Ticket(draft.Title, draft.Body),
            ["escalation"] = Escalation(draft.Request, _texts),
        };
        var answer = await PostAsync("ticket.create", draft.CorrelationId, payload, cancellationToken).ConfigureAwait(false);

        // A receiver that numbers nothing still has the escalation id to go by.
        return answer?["ticketNumber"] is null ? new TicketRef(ProviderName, draft.CorrelationId, null, draft.CorrelationId) : Ref(answer, draft.CorrelationId);
    }

    public async Task AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["ticketNumber"] = ticket.Number,
            ["comment"] = new JsonObject
            {
                ["author"] = comment.Author,
                ["html"] = HtmlRenderer.Render(comment.Body),
                ["markdown"] = MarkdownRenderer.Render(comment.Body),
            },
            ["newTitle"] = comment.NewTitle,
        };
        // A keyed comment sends its key as the Idempotency-Key: the receiver adds it once however often it comes (a stop
        // before the mark was stored). Without one, every comment of the ticket would share <escalationId>:ticket.comment.
        await PostAsync("ticket.comment", ticket.ExternalId ?? ticket.Number, payload, cancellationToken, idempotencyKey: comment.Key).ConfigureAwait(false);
    }

    public async Task<TicketView?> GetAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await PostAsync("ticket.get", ticket.ExternalId ?? ticket.Number, new JsonObject { ["ticketNumber"] = ticket.Number }, cancellationToken, safe: true).ConfigureAwait(false);
            return answer?["ticketNumber"] is null
                ? null
                // The receiver's status is its own free text; a resolution comes by the signed status callback instead.
                : new TicketView(Ref(answer, ticket.ExternalId), TicketHttp.Text(answer["title"]) ?? string.Empty, TicketHttp.Text(answer["status"]) ?? string.Empty, ExternalTicketState.Unknown);
        }
        catch (TicketProviderException ex) when (ex.StatusCode is 404)
        {
            return null;
        }
    }

    private Task<JsonNode?> PostAsync(string eventName, string escalationId, JsonObject payload, CancellationToken cancellationToken, bool safe = false, string? idempotencyKey = null)
    {
        payload["event"] = eventName;
        payload["escalationId"] = escalationId;
        var sentAt = _time.GetUtcNow().ToUnixTimeSeconds();
        payload["sentAt"] = sentAt;
        return _api.SendAsync(HttpMethod.Post, _options.Url?.AbsoluteUri ?? string.Empty, payload, cancellationToken, safe, request =>
        {
            request.Headers.Add(IdempotencyHeader, idempotencyKey is { Length: > 0 } key ? $"{key}:{eventName}" : $"{escalationId}:{eventName}");
            request.Headers.Add(EventHeader, eventName);
            request.Headers.Add(WebhookSigningHandler.TimestampHeader, sentAt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    private TicketRef Ref(JsonNode answer, string? escalationId)
    {
        var number = _api.Required(answer["ticketNumber"], "ticketNumber");
        var url = TicketHttp.Text(answer["url"]);
        return new TicketRef(ProviderName, number, Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsoluteUri : null, escalationId);
    }

    private static JsonObject Ticket(string title, TicketDocument body) => new()
    {
        ["title"] = title,
        ["html"] = HtmlRenderer.Render(body),
        ["markdown"] = MarkdownRenderer.Render(body),
        ["text"] = PlainTextRenderer.Render(body),
    };

    private static JsonObject Escalation(EscalationRequest r, DeskTexts t) => new()
    {
        ["escalationId"] = r.EscalationId,
        ["caseId"] = r.CaseId,
        ["target"] = r.Target,
        ["targetKey"] = TargetKey.Of(r),
        ["statusCode"] = r.StatusCode,
        ["problemTitle"] = r.ProblemTitle,
        ["reason"] = r.Reason.ToString(),
        ["reporter"] = new JsonObject
        {
            ["userId"] = r.Reporter.UserId,
            ["name"] = r.Reporter.Name,
            ["aadObjectId"] = r.Reporter.AadObjectId,
            ["email"] = r.Reporter.Email,
            ["tenantId"] = r.Reporter.TenantId,
        },
        ["startedAt"] = r.StartedAt,
        ["requestedAt"] = r.RequestedAt,
        ["urgency"] = r.Urgency,
        ["impact"] = r.Impact,
        ["platform"] = r.Platform,
        ["route"] = new JsonObject
        {
            ["serviceName"] = r.Route.ServiceName,
            ["owningTeam"] = r.Route.OwningTeam,
            ["category"] = r.Route.Category,
            ["assignmentGroup"] = r.Route.AssignmentGroup,
        },
        ["verdict"] = r.Diagnosis is { } d
            ? new JsonObject
            {
                ["kind"] = d.Verdict.Kind.ToString(),
                ["summary"] = VerdictWords.ForHelpDesk(d, t),
                ["statusCode"] = d.Verdict.StatusCode,
                ["answeredBy"] = d.Verdict.AnsweredBy?.Product,
                ["failedAttempts"] = d.Verdict.FailedAttempts,
                ["totalAttempts"] = d.Verdict.TotalAttempts,
                ["serverSideFault"] = d.Verdict.ServerSideFault,
            }
            : null,
        ["steps"] = new JsonArray(r.Steps.Select(s => (JsonNode)new JsonObject
        {
            ["stepId"] = s.StepId,
            ["title"] = s.Title,
            ["answer"] = s.Answer,
            ["answerText"] = s.AnswerText,
            ["at"] = s.At,
        }).ToArray()),
        ["teamsLink"] = r.Conversation.DeepLink,
    };
}
