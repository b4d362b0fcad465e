using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Webhook;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HelpdeskBot.TicketDesk;

/// <summary>
/// <c>POST /api/tickets/webhook/status</c>: the webhook receiver tells the bot a ticket changed status. It is signed
/// with the webhook's shared secret (not an admin key), verified by <see cref="WebhookStatusCallback"/> (docs/webhook.md).
/// </summary>
internal static class WebhookCallbackApi
{
    public const string Path = "/api/tickets/webhook/status";

    public static WebApplication MapWebhookStatusCallback(this WebApplication app)
    {
        app.MapPost(Path, StatusAsync).AllowAnonymous();
        return app;
    }

    private static async Task<Results<Ok<WebhookCallbackAnswer>, ProblemHttpResult>> StatusAsync(
        HttpRequest request, WebhookStatusCallback callback, [FromServices] IIncidentDesk desk, CancellationToken cancellationToken)
    {
        if (await ReadBodyAsync(request, WebhookStatusCallback.MaxBodyBytes, cancellationToken) is not { } body)
        {
            return TypedResults.Problem($"The body is larger than {WebhookStatusCallback.MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var result = await callback.HandleAsync(
            request.Headers[WebhookStatusCallback.TimestampHeader].ToString(),
            request.Headers[WebhookStatusCallback.SignatureHeader].ToString(),
            body,
            desk,
            cancellationToken);
        return result.Outcome switch
        {
            WebhookCallbackOutcome.Resolved or WebhookCallbackOutcome.Unchanged or WebhookCallbackOutcome.Ignored
                => TypedResults.Ok(new WebhookCallbackAnswer(result.Outcome.ToString().ToLowerInvariant(), result.IncidentId, result.Detail, result.ReopenedAt)),
            WebhookCallbackOutcome.Refused => TypedResults.Problem(result.Detail, statusCode: StatusCodes.Status401Unauthorized, title: "Signature or timestamp not accepted"),
            WebhookCallbackOutcome.Invalid => TypedResults.Problem(result.Detail, statusCode: StatusCodes.Status400BadRequest),
            _ => TypedResults.Problem(result.Detail, statusCode: StatusCodes.Status404NotFound),
        };
    }

    /// <summary>The raw body (the signature covers its exact bytes), or null past <paramref name="max"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <param name="Outcome">resolved, unchanged or ignored.</param>
/// <param name="Detail">An English sentence for the receiver's logs.</param>
/// <param name="ReopenedAt">Set when <paramref name="Outcome"/> is unchanged because the incident was reopened after the status change.</param>
internal sealed record WebhookCallbackAnswer(string Outcome, string? IncidentId, string Detail, DateTimeOffset? ReopenedAt);
