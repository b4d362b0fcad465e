using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HelpdeskBot.Testing;

/// <summary>
/// A site by name over TLS on loopback, as a probe finds it: a self-signed certificate for the name (valid from a day
/// ago for 90 days), the in-process DNS server answering the name with 127.0.0.1, and Kestrel serving
/// <c>app</c> over <c>protocols</c> (ALPN offers h2, http/1.1 or both).
/// </summary>
public sealed class TlsSite : IAsyncDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly DnsFixture _dns;
    private readonly LoopbackServer _server;

    private TlsSite(string name, X509Certificate2 certificate, DnsFixture dns, LoopbackServer server)
    {
        Name = name;
        _certificate = certificate;
        _dns = dns;
        _server = server;
    }

    public string Name { get; }

    public int Port => _server.Port;

    /// <summary>The DNS server that knows <see cref="Name"/> (host:port), for <c>Probes:SystemResolver</c>.</summary>
    public string Resolver => _dns.Endpoint;

    /// <summary><c>https://{name}:{port}/</c>.</summary>
    public string Url => $"https://{Name}:{Port}/";

    public static async Task<TlsSite> StartAsync(string name, RequestDelegate app, HttpProtocols protocols)
    {
        var now = TimeProvider.System.GetUtcNow();
        var certificate = Certificates.SelfSigned(name, now.AddDays(-1), now.AddDays(90));
        var dns = new DnsFixture();
        try
        {
            dns.A(name, "127.0.0.1");
            var server = await LoopbackServer.StartAsync(a => a.Run(app), certificate: certificate, protocols: protocols).ConfigureAwait(false);
            return new TlsSite(name, certificate, dns, server);
        }
        catch
        {
            dns.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        _dns.Dispose();
        _certificate.Dispose();
    }
}
