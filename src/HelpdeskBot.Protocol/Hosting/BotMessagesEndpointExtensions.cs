using HelpdeskBot.Protocol.Authentication;
using HelpdeskBot.Protocol.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Hosting;

public static class BotMessagesEndpointExtensions
{
    /// <summary>
    /// Maps <c>POST /api/messages</c>. Builds the router and endpoint now, so a duplicate route or a missing
    /// <see cref="IBotHandler"/> fails at start-up, not on the first activity.
    /// </summary>
    public static IEndpointConventionBuilder MapBotMessages(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var endpoint = services.GetRequiredService<BotMessagesEndpoint>();
        if (services.GetRequiredService<IOptions<BotCredentialsOptions>>().Value.IsAnonymous)
        {
            Log.AnonymousMode(services.GetRequiredService<ILoggerFactory>().CreateLogger("HelpdeskBot.Protocol"));
        }

        return endpoints.MapPost(pattern, endpoint.HandleAsync).DisableAntiforgery();
    }
}
