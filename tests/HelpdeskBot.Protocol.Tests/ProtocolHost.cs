using System.Net.Http.Headers;
using System.Text;
using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.Protocol.Routing;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Protocol.Tests;

/// <summary>The protocol layer alone on a real loopback Kestrel, with a recording handler.</summary>
internal sealed class ProtocolHost : IAsyncDisposable
{
    public const string AppId = "00000000-0000-0000-0000-0000000b0700";

    /// <summary>The bot's tenant (MicrosoftAppType defaults to SingleTenant).</summary>
    public const string TenantId = "00000000-0000-0000-0000-00000000e7a0";

    private ProtocolHost(LoopbackServer server, RecordingBotHandler handler)
    {
        Server = server;
        Handler = handler;
        Client = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public LoopbackServer Server { get; }

    public RecordingBotHandler Handler { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => Server.Services;

    /// <summary>Anonymous local mode (no app id, Development).</summary>
    public static Task<ProtocolHost> StartAnonymousAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        StartAsync(settings ?? [], services);

    /// <summary>Authenticated mode: app id + secret, keys from <paramref name="authority"/>, tokens from <paramref name="tokens"/>.</summary>
    public static Task<ProtocolHost> StartAuthenticatedAsync(string metadataUrl, string? authorityHost = null, Dictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppTenantId"] = TenantId,
            ["MicrosoftAppPassword"] = "test-secret",
            ["Bot:OpenIdMetadataUrl"] = metadataUrl,
            ["Bot:UnknownKeyRefreshInterval"] = "00:00:01",
            ["Bot:Connector:AuthorityHost"] = authorityHost ?? "https://127.0.0.1:9",
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return StartAsync(settings, services);
    }

    private static async Task<ProtocolHost> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        var handler = new RecordingBotHandler();
        var server = await LoopbackServer.StartAsync(
            app => app.MapBotMessages(),
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Services.AddHelpdeskBotProtocol(builder.Configuration);
                builder.Services.AddSingleton<IBotHandler>(handler);
                services?.Invoke(builder.Services);
            },
            environment: "Development");
        return new ProtocolHost(server, handler);
    }

    public Task<HttpResponseMessage> PostAsync(string json, string? bearer = null, string? rawAuthorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        else if (rawAuthorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", rawAuthorization);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
