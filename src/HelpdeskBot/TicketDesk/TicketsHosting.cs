using HelpdeskBot.Admin;
using HelpdeskBot.Tickets;

namespace HelpdeskBot.TicketDesk;

internal static class TicketsHosting
{
    /// <summary>Ticket API and pages: scope <c>tickets.read</c> of the admin scheme (<see cref="AdminAuthentication"/>).</summary>
    public static readonly string ReadPolicy = AdminScopes.Policy(AdminScopes.TicketsRead);

    /// <summary>Outbox admin API: scope <c>tickets.admin</c>.</summary>
    public static readonly string AdminPolicy = AdminScopes.Policy(AdminScopes.TicketsAdmin);

    /// <summary>
    /// Ticket providers + outbox (HelpdeskBot.Tickets). Who may call the ticket API is decided by the admin scheme
    /// (<c>Admin:ApiKeys</c> with scopes); the former <c>Tickets:Api:*</c> settings are read there as deprecated aliases.
    /// </summary>
    public static WebApplicationBuilder AddHelpdeskBotTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddHelpdeskBotTickets(builder.Configuration);
        return builder;
    }
}
