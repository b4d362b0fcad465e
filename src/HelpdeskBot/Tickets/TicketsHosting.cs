using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace HelpdeskBot.Tickets;

internal static class TicketsHosting
{
    public const string ReadPolicy = "HelpdeskBot.Tickets.Read";
    public const string AdminPolicy = "HelpdeskBot.Tickets.Admin";

    /// <summary>Ticket providers + outbox (HelpdeskBot.Tickets), and the authentication of the ticket API and pages.</summary>
    public static WebApplicationBuilder AddHelpdeskBotTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddHelpdeskBotTickets(builder.Configuration);
        builder.Services.AddOptions<TicketsApiOptions>().BindConfiguration(TicketsApiOptions.Section);

        var schemes = new List<string> { ApiKeyAuthenticationHandler.SchemeName };
        var authentication = builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var entra = builder.Configuration.GetSection(TicketsApiOptions.Section).Get<TicketsApiOptions>()?.Entra;
        if (!string.IsNullOrWhiteSpace(entra?.Authority) && !string.IsNullOrWhiteSpace(entra.Audience))
        {
            authentication.AddJwtBearer("HelpdeskBotEntra", o =>
            {
                o.Authority = entra.Authority;
                o.Audience = entra.Audience;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.RoleClaimType = "roles";
            });
            schemes.Add("HelpdeskBotEntra");
        }

        var adminRole = entra?.AdminRole ?? ApiKeyAuthenticationHandler.AdminRole;
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes([.. schemes]).RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes([.. schemes]).RequireAuthenticatedUser()
                .RequireAssertion(c => c.User.IsInRole(ApiKeyAuthenticationHandler.AdminRole) || c.User.HasClaim("roles", adminRole)));
        return builder;
    }
}
