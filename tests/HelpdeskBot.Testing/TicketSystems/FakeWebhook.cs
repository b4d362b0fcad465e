using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Testing.TicketSystems;

/// <summary>
/// A receiver of the documented webhook (docs/webhook.md): verifies the HMAC-SHA256 signature of the raw body,
/// the timestamp header against the signed sentAt, and the Idempotency-Key; numbers tickets WH-n.
/// </summary>
public sealed class FakeWebhook : FakeTicketSystem
{
    public const string Secret = "whsec-0123456789abcdef-0123456789abcdef-never-log";

    public override string ProviderName => "Webhook";

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Tickets:Provider"] = "Webhook",
        ["Tickets:Webhook:Url"] = BaseAddress.AbsoluteUri + "hooks/helpdeskbot",
        ["Tickets:Webhook:Secret"] = Secret,
    };

    public override IReadOnlyList<string> Secrets => [Secret];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _commentKeys = new(StringComparer.Ordinal);

    protected override async Task<bool> IsAuthenticatedAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        request.Body.Position = 0;
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), buffer.ToArray()));
        var given = request.Headers["X-HelpdeskBot-Signature"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given))
            && long.TryParse(request.Headers["X-HelpdeskBot-Timestamp"], CultureInfo.InvariantCulture, out _);
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/hooks/helpdeskbot", async (HttpContext context) =>
        {
            if (await ReadJsonAsync(context.Request) is not JsonObject body || Str(body["event"]) is not { } evt || Str(body["escalationId"]) is not { Length: > 0 } escalationId)
            {
                return Violation("webhook body needs event and escalationId");
            }

            // A keyed comment names its own key (<key>:ticket.comment); everything else <escalationId>:<event>.
            var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
            var keyed = evt == "ticket.comment" && idempotencyKey.EndsWith(":" + evt, StringComparison.Ordinal) && idempotencyKey.Length > evt.Length + 1;
            if ((idempotencyKey != $"{escalationId}:{evt}" && !keyed) || context.Request.Headers["X-HelpdeskBot-Event"].ToString() != evt)
            {
                return Violation("Idempotency-Key must be <escalationId>:<event> (or <key>:ticket.comment) and X-HelpdeskBot-Event the event");
            }

            if (body["sentAt"]?.GetValue<long>().ToString(CultureInfo.InvariantCulture) is not { } sentAt || sentAt != context.Request.Headers["X-HelpdeskBot-Timestamp"].ToString())
            {
                return Violation("sentAt must equal X-HelpdeskBot-Timestamp");
            }

            switch (evt)
            {
                case "ticket.create":
                    if (Str(body["ticket"]?["title"]) is not { Length: > 0 } title || Str(body["ticket"]?["html"]) is not { Length: > 0 } html || body["escalation"] is not JsonObject)
                    {
                        return Violation("ticket.create needs ticket.title, ticket.html and escalation");
                    }

                    var n = NextNumber();
                    var ticket = Store(escalationId, $"WH-{n}", escalationId, title, html);
                    await AfterCreateAsync(ticket, context);
                    return Results.Json(Answer(ticket), statusCode: 201);
                case "ticket.find":
                    return ByCorrelation(escalationId) is { } found ? Results.Json(Answer(found)) : Results.NotFound();
                case "ticket.comment":
                case "ticket.get":
                    if (Str(body["ticketNumber"]) is not { } number || !Tickets.TryGetValue(number, out var existing))
                    {
                        return Results.NotFound();
                    }

                    if (evt == "ticket.comment")
                    {
                        if (Str(body["comment"]?["html"]) is not { Length: > 0 } comment)
                        {
                            return Violation("ticket.comment needs comment.html");
                        }

                        // docs/webhook.md: a repeated Idempotency-Key for ticket.comment is the same comment, added once.
                        if (idempotencyKey != $"{escalationId}:{evt}" && !_commentKeys.TryAdd(idempotencyKey, 0))
                        {
                            return Results.Json(Answer(existing));
                        }

                        Commented(existing, comment);
                        if (Str(body["newTitle"]) is { Length: > 0 } newTitle)
                        {
                            existing.Title = newTitle;
                        }
                    }

                    return Results.Json(Answer(existing));
                default:
                    return Violation("unknown event " + evt);
            }
        });
    }

    private JsonObject Answer(FakeTicket t) => new()
    {
        ["ticketNumber"] = t.Number,
        ["url"] = $"{BaseAddress}tickets/{t.Number}",
        ["title"] = t.Title,
        ["status"] = t.Status ?? "open",
    };

    /// <summary>The receiver's status is its own free text; the bot hears of a change through the signed callback.</summary>
    protected override void StatusChanged(FakeTicket ticket, string? oldStatus, string? oldCategory, DateTimeOffset now) => ticket.StatusChangedAt = now;
}
