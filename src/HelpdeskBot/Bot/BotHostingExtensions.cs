using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpdeskBot.Bot;

internal static class BotHostingExtensions
{
    /// <summary>The Bot Framework protocol layer, with the hello handler unless another IBotHandler is registered.</summary>
    public static WebApplicationBuilder AddHelpdeskBotProtocol(this WebApplicationBuilder builder)
    {
        builder.Services.AddHelpdeskBotProtocol(builder.Configuration);
        builder.Services.TryAddSingleton<IBotHandler, HelloBotHandler>();
        return builder;
    }
}
