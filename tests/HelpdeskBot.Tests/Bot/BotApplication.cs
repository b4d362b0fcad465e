using HelpdeskBot.Protocol;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using HelpdeskBot.Bot;
using HelpdeskBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpdeskBot.Tests.Bot;

/// <summary>
/// The whole HelpdeskBot host in memory, authenticated against a loopback channel authority, sending to a
/// loopback fake connector with tokens from a loopback HTTPS token endpoint.
/// </summary>
internal sealed class BotApplication(FakeChannelAuthority authority, FakeTokenEndpoint tokens, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string AppId = "00000000-0000-0000-0000-0000000b0710";

    /// <summary>The bot's tenant (MicrosoftAppType defaults to SingleTenant).</summary>
    public const string TenantId = "00000000-0000-0000-0000-00000000e7a1";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("MicrosoftAppId", AppId);
        builder.UseSetting("MicrosoftAppTenantId", TenantId);
        builder.UseSetting("MicrosoftAppPassword", "whole-host-secret");
        builder.UseSetting("Bot:OpenIdMetadataUrl", authority.MetadataUrl);
        builder.UseSetting("Bot:Connector:AuthorityHost", tokens.AuthorityHost);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            tokens.TrustFrom(services, ProtocolHttpClients.TokenEndpoint);

            // These tests exercise the protocol layer with its placeholder handler; the troubleshooting
            // conversation that the host registers is tested in Conversations/.
            services.RemoveAll<IBotHandler>();
            services.AddSingleton<IBotHandler, HelloBotHandler>();
        });
    }
}
