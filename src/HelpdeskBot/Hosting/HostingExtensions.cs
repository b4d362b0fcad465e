using HelpdeskBot.Admin;
using HelpdeskBot.Bot;
using HelpdeskBot.Diagnoses;
using HelpdeskBot.Probes;
using HelpdeskBot.Configuration;
using HelpdeskBot.Configuration.KeyVault;
using HelpdeskBot.Dashboard;
using HelpdeskBot.Legal;
using HelpdeskBot.Memory;
using HelpdeskBot.Observability;
using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.TicketDesk;
using HelpdeskBot.Tickets;

namespace HelpdeskBot.Hosting;

/// <summary>The one place that wires every part of HelpdeskBot together.</summary>
internal static class HostingExtensions
{
    public static WebApplicationBuilder AddHelpdeskBot(this WebApplicationBuilder builder)
    {
        // Secrets from Key Vault first (when KeyVault:Uri is set): every area below reads configuration.
        builder.AddHelpdeskBotKeyVault();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();
        // Each area adds one line below.
        builder.AddHelpdeskBotProtocol();
        builder.AddHelpdeskBotStorage();
        builder.AddHelpdeskBotAzureCredential();
        builder.AddHelpdeskBotDiagnoses();
        builder.AddHelpdeskBotTickets();
        builder.AddHelpdeskBotConversations();
        builder.AddHelpdeskBotConfigurationChecks();
        builder.AddHelpdeskBotObservability();
        builder.AddHelpdeskBotAdmin();
        builder.AddHelpdeskBotDashboard();
        builder.AddHelpdeskBotLegal();
        builder.AddHelpdeskBotMemory();
        return builder;
    }

    public static WebApplication MapHelpdeskBot(this WebApplication app)
    {
        // Every setting first, all at once: mapping the endpoints below resolves some of them.
        app.ValidateSettings();
        app.MapHealthEndpoints();
        // Each area adds one line below.
        app.MapBotMessages();
        app.MapDiagnosesApi();
        app.MapHelpdeskBotTickets();
        app.MapHelpdeskBotObservability();
        app.MapHelpdeskBotDashboard();
        app.MapHelpdeskBotLegal();
        return app;
    }
}
