using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Tickets.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Webhook;

/// <summary>
/// The webhook receiver's signed status callback (<c>POST /api/tickets/webhook/status</c>, docs/webhook.md): the
/// signature is <c>sha256=</c> hex HMAC-SHA256(shared secret, "{timestamp}." + raw body), compared in constant time;
/// a timestamp farther than <see cref="WebhookOptions.ReplayWindow"/> from the clock is a replay. Only then is the
/// body read: a "resolved" or "closed" status resolves the incident led by the ticket's escalation id, dated by the
/// body's signed changedAt (when the ticket was resolved there), not by the timestamp (when this request was sent).
/// </summary>
public sealed class WebhookStatusCallback
{
    /// <summary>Largest body read: a status change is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const string Event = "ticket.status";

    /// <summary>The same headers as the bot's own calls carry.</summary>
    public const string SignatureHeader = WebhookSigningHandler.SignatureHeader;

    public const string TimestampHeader = WebhookSigningHandler.TimestampHeader;

    private readonly IOptionsMonitor<WebhookOptions> _options;
    private readonly TimeProvider _time;
    private readonly IIncidentStore _incidents;
    private readonly ILogger<WebhookStatusCallback> _logger;

    public WebhookStatusCallback(IOptionsMonitor<WebhookOptions> options, TimeProvider time, IIncidentStore incidents, ILogger<WebhookStatusCallback> logger)
    {
        _options = options;
        _time = time;
        _incidents = incidents;
        _logger = logger;
    }

    /// <summary>The signature header value for <paramref name="body"/> sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
        => "sha256=" + Convert.ToHexStringLower(Mac(secret, timestamp.ToString(CultureInfo.InvariantCulture), body));

    /// <summary>Verifies the callback and applies it; <paramref name="desk"/> resolves the incident.</summary>
    public async Task<WebhookCallbackResult> HandleAsync(string? timestamp, string? signature, ReadOnlyMemory<byte> body, IIncidentDesk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var options = _options.CurrentValue;
        // The webhook's settings are bound only when it is the chosen provider (WebhookRegistration): otherwise no secret.
        if (string.IsNullOrEmpty(options.Secret))
        {
            return new(WebhookCallbackOutcome.NotEnabled, "The webhook ticket provider is not configured (Tickets:Provider = Webhook).");
        }

        if (Refusal(options, timestamp, signature, body.Span) is { } refusal)
        {
            Log.CallbackRefused(_logger, refusal);
            return new(WebhookCallbackOutcome.Refused, refusal);
        }

        if (Read(body) is not { } status)
        {
            return new(WebhookCallbackOutcome.Invalid, $"The body must be JSON {{\"event\": \"{Event}\", \"escalationId\": …, \"status\": …, \"changedAt\": …}} (ticketNumber optional).");
        }

        var resolves = status.Status.ToUpperInvariant() is "RESOLVED" or "CLOSED";
        var sentAt = long.Parse(timestamp!, NumberStyles.None, CultureInfo.InvariantCulture); // not null: Refusal parsed it
        if (resolves && status.ChangedAt is null)
        {
            return new(WebhookCallbackOutcome.Invalid, "A resolved or closed status needs changedAt: when the ticket was resolved, ISO 8601 with its offset (e.g. 2026-11-30T10:40:00Z); a retry sends the same one.");
        }

        // Both stamps come from the receiver's clock: a change dated after its own request cannot have happened, and
        // would outrank every later reopening.
        if (resolves && status.ChangedAt!.Value.ToUnixTimeSeconds() > sentAt) // not null: answered just above
        {
            return new(WebhookCallbackOutcome.Invalid, string.Create(CultureInfo.InvariantCulture, $"changedAt ({status.ChangedAt.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC) is after the request's timestamp ({DateTimeOffset.FromUnixTimeSeconds(sentAt).UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC): a change is sent after it happens."));
        }

        var incident = await _incidents.FindByLeadEscalationIdAsync(status.EscalationId, cancellationToken).ConfigureAwait(false);
        if (incident is null || (status.TicketNumber is { } number && incident.Ticket is { } ticket && ticket.Number != number))
        {
            return new(WebhookCallbackOutcome.UnknownIncident, $"No incident has a ticket for escalation {status.EscalationId}{(status.TicketNumber is null ? string.Empty : " numbered " + status.TicketNumber)}.");
        }

        if (!resolves)
        {
            Log.CallbackApplied(_logger, status.EscalationId, incident.IncidentId, status.Status, "ignored");
            return new(WebhookCallbackOutcome.Ignored, $"Status '{status.Status}' changes nothing; only resolved or closed resolve the incident.", incident.IncidentId);
        }

        // Dated by when the ticket was resolved there, not by when this request was sent: a replay inside the window,
        // or the receiver's retry with a fresh timestamp, of a resolution from before a reopening leaves the reopened
        // incident open (the timestamp would make a retry sent after the reopening look like a new resolution).
        var result = await desk.ResolvedInTicketSystemAsync(incident.IncidentId, WebhookTicketProvider.ProviderName.ToLowerInvariant(), status.ChangedAt, cancellationToken).ConfigureAwait(false);
        var outcome = result.Outcome switch
        {
            IncidentActionOutcome.Done => WebhookCallbackOutcome.Resolved,
            IncidentActionOutcome.NotFound => WebhookCallbackOutcome.UnknownIncident,
            _ => WebhookCallbackOutcome.Unchanged,
        };
        Log.CallbackApplied(_logger, status.EscalationId, incident.IncidentId, status.Status, outcome.ToString());
        var detail = result.ReopenedAt is { } reopened
            ? string.Create(CultureInfo.InvariantCulture, $"The incident was reopened at {reopened.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, after this status change ({status.ChangedAt?.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC): it stays open.")
            : result.Detail ?? (outcome == WebhookCallbackOutcome.Resolved ? "The incident is resolved; its reporters are being told." : "The incident was already resolved.");
        return new(outcome, detail, incident.IncidentId) { ReopenedAt = result.ReopenedAt };
    }

    private string? Refusal(WebhookOptions options, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return $"{WebhookSigningHandler.TimestampHeader} is missing or not Unix seconds";
        }

        if (signature is not { Length: 71 } || !signature.StartsWith("sha256=", StringComparison.Ordinal) || !TryHex(signature.AsSpan(7), out var given))
        {
            return $"{WebhookSigningHandler.SignatureHeader} is missing or not sha256=<64 hex digits>";
        }

        // The timestamp is inside the signed message, so it cannot be moved without the secret.
        if (!CryptographicOperations.FixedTimeEquals(given, Mac(options.Secret!, timestamp!, body)))
        {
            return "the signature does not match the body and timestamp";
        }

        var skew = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        return skew.Duration() > options.ReplayWindow
            ? string.Create(CultureInfo.InvariantCulture, $"the timestamp is {(long)skew.Duration().TotalSeconds} s from the bot's clock (Tickets:Webhook:ReplayWindow allows {(long)options.ReplayWindow.TotalSeconds} s)")
            : null;
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }

    private static bool TryHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        bytes = new byte[hex.Length / 2];
        return Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == bytes.Length;
    }

    private static StatusChange? Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && Text(root, "event") == Event
                && Text(root, "escalationId") is { Length: > 0 } escalationId
                && Text(root, "status") is { Length: > 0 } status
                && (!root.TryGetProperty("ticketNumber", out var n) || n.ValueKind is JsonValueKind.String or JsonValueKind.Null)
                && (!root.TryGetProperty("changedAt", out var c) || c.ValueKind == JsonValueKind.Null || Time(c) is not null)
                ? new StatusChange(escalationId, Text(root, "ticketNumber"), status, root.TryGetProperty("changedAt", out var at) ? Time(at) : null)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }

        static string? Text(JsonElement root, string name)
            => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        // ISO 8601 with its offset ("Z" or "+02:00"): a time without one would be read in some unknown zone.
        static DateTimeOffset? Time(JsonElement value)
            => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                && (text[^1] is 'Z' or 'z' || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':'))
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? at
                : null;
    }

    private sealed record StatusChange(string EscalationId, string? TicketNumber, string Status, DateTimeOffset? ChangedAt);
}

public enum WebhookCallbackOutcome
{
    /// <summary>The incident was resolved by this callback.</summary>
    Resolved,

    /// <summary>It was resolved already (a repeated or replayed callback): nothing changed.</summary>
    Unchanged,

    /// <summary>A status other than resolved/closed: acknowledged, nothing changed.</summary>
    Ignored,

    /// <summary>Bad signature, missing or old timestamp: 401, nothing read.</summary>
    Refused,

    /// <summary>Signed, but not the documented body: 400.</summary>
    Invalid,

    UnknownIncident,

    /// <summary>The configured provider is not the webhook.</summary>
    NotEnabled,
}

/// <param name="Detail">
/// For the receiver's logs: what happened or what is wrong (never the secret). English, like every answer of this API: a
/// program reads the answer, and the bot shows it to no one.
/// </param>
public sealed record WebhookCallbackResult(WebhookCallbackOutcome Outcome, string Detail, string? IncidentId = null)
{
    /// <summary>Unchanged because the incident was reopened at this time, after the status change: the machine-readable fact.</summary>
    public DateTimeOffset? ReopenedAt { get; init; }
}
