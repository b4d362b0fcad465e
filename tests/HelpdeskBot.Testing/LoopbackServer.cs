using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Testing;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port, for fakes of the Teams connector, ticket systems and
/// probed sites. Dispose stops it.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:port/ (or https when a certificate was given).</summary>
    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server whose endpoints <paramref name="configure"/> maps, on <paramref name="port"/> (0: a free one).</summary>
    public static async Task<LoopbackServer> StartAsync(
        Action<WebApplication> configure,
        Action<WebApplicationBuilder>? configureBuilder = null,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null,
        System.Net.IPAddress? address = null,
        string? environment = null,
        int port = 0)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(address ?? System.Net.IPAddress.Loopback, port, l =>
            {
                if (certificate is not null)
                {
                    l.UseHttps(certificate);
                }
            });
            k.AddServerHeader = false;
        });
        configureBuilder?.Invoke(builder);
        var app = builder.Build();
        configure(app);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel exposes no server addresses.");
        var address0 = addresses.Addresses.First();
        var uri = new Uri(address0.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new LoopbackServer(app, uri);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
