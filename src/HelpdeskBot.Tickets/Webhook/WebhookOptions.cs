namespace HelpdeskBot.Tickets.Webhook;

/// <summary>Settings of section <c>Tickets:Webhook</c> (generic JSON webhook, see docs/webhook.md).</summary>
public sealed class WebhookOptions
{
    /// <summary>The receiver's URL; it gets POST {event: ticket.create | ticket.find | ticket.comment}.</summary>
    public Uri? Url { get; set; }

    /// <summary>Shared secret for the HMAC-SHA256 signature header (at least 32 characters). Secret.</summary>
    public string? Secret { get; set; }
}
