using System.ComponentModel.DataAnnotations;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Outbox;

namespace HelpdeskBot.Tickets;

/// <summary>Settings of section <c>Tickets</c>.</summary>
public sealed class TicketsOptions
{
    public const string Section = "Tickets";

    /// <summary>
    /// The name of a provider in <see cref="TicketProviders"/> (case-insensitive); its settings are the section of the
    /// same name. Not set: the first provider added, Embedded, so a fresh <c>dotnet run</c> escalates for real
    /// without any ticket system.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>
    /// How long an escalation keeps being retried before it is parked for an admin. 24 h covers a ticket
    /// system's overnight maintenance window without leaving the user waiting for days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Tickets:GiveUpAfter must be between 1 minute and 30 days.")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Reports on the same target within this window join one incident (one ticket). 2 h: long enough for a
    /// typical outage's wave of reports, short enough that tomorrow's fault gets its own ticket.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Tickets:CorrelationWindow must be between 0 and 7 days (0 turns correlation off).")]
    public TimeSpan CorrelationWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The language the help desk reads: every ticket's text (each provider's rendering) and the cards and messages
    /// in its Teams channel. One of the shipped languages (en, de, fr, es, pt-BR, ja); English by default, as the
    /// bot shipped before. The user's own words are quoted as written, their language named.
    /// </summary>
    public string Language { get; set; } = Localization.TextCatalogue.English;

    /// <summary>The help-desk Teams channel told about parked escalations (read by the notifier).</summary>
    public HelpdeskChannelOptions? HelpdeskChannel { get; set; }

    /// <summary>Public base URL of the bot, for links to embedded tickets (e.g. https://bot.contoso.com/).</summary>
    public Uri? PublicBaseUrl { get; set; }

    public TicketResilienceOptions Resilience { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();
}

/// <summary>A Teams conversation (channel) reference: where parked escalations are announced.</summary>
public sealed class HelpdeskChannelOptions
{
    public string? ServiceUrl { get; set; }

    public string? ConversationId { get; set; }

    public string? TenantId { get; set; }
}
