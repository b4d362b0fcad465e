using HelpdeskBot.Admin;
using HelpdeskBot.Configuration;
using HelpdeskBot.Dashboard;
using HelpdeskBot.Observability;

namespace HelpdeskBot.Hosting;

/// <summary>The one place that wires every part of HelpdeskBot together.</summary>
internal static class HostingExtensions
{
    public static WebApplicationBuilder AddHelpdeskBot(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();
        // Each area adds one line below.
        builder.AddHelpdeskBotStorage();
        builder.AddHelpdeskBotConfigurationChecks();
        builder.AddHelpdeskBotObservability();
        builder.AddHelpdeskBotAdmin();
        builder.AddHelpdeskBotDashboard();
        return builder;
    }

    public static WebApplication MapHelpdeskBot(this WebApplication app)
    {
        app.MapHealthEndpoints();
        // Each area adds one line below.
        app.MapHelpdeskBotObservability();
        app.MapHelpdeskBotDashboard();
        return app;
    }
}
