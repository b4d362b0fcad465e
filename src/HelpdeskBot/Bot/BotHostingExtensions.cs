using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.Protocol.Routing;

namespace HelpdeskBot.Bot;

internal static class BotHostingExtensions
{
    public const string DefaultUrl = "http://localhost:3978";

    /// <summary>The Bot Framework protocol layer; the conversation (<c>AddHelpdeskBotConversations</c>) registers the <see cref="IBotHandler"/>.</summary>
    public static WebApplicationBuilder AddHelpdeskBotProtocol(this WebApplicationBuilder builder)
    {
        // Bot Framework's conventional local port. Set in code, not as "Urls" in appsettings.json: that file is read
        // after ASPNETCORE_URLS and would override it; ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS and
        // Kestrel:Endpoints all still win over this default.
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"])
            && string.IsNullOrEmpty(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddHelpdeskBotProtocol(builder.Configuration);
        return builder;
    }
}
