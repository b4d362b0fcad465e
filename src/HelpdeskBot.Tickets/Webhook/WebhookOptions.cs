using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Tickets.Webhook;

/// <summary>Settings of section <c>Tickets:Webhook</c> (generic JSON webhook, see docs/webhook.md).</summary>
public sealed class WebhookOptions
{
    /// <summary>The receiver's URL; it gets POST {event: ticket.create | ticket.find | ticket.comment}.</summary>
    public Uri? Url { get; set; }

    /// <summary>Shared secret for the HMAC-SHA256 signature header (at least 32 characters), both ways. Secret.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// How far a status callback's timestamp may be from the bot's clock before it is refused as a replay. 5 minutes,
    /// as Stripe's and Slack's signed webhooks allow, and as docs/webhook.md asks receivers of the bot's calls.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00", ErrorMessage = "Tickets:Webhook:ReplayWindow must be between 30 seconds and 1 hour.")]
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);
}
