using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Benchmarks;

/// <summary>
/// A loopback target for full diagnoses: an in-process DNS server answering bench.contoso.test → 127.0.0.1 (as the
/// system resolver and as one "public" resolver), and Kestrel over TLS (self-signed, made here) answering nginx's
/// 502 page. Everything stays on loopback.
/// </summary>
internal sealed class ProbeFixture : IAsyncDisposable
{
    public const string Host = "bench.contoso.test";

    private readonly DnsServer _dns;
    private readonly LoopbackServer _site;
    private readonly ServiceProvider _provider;

    private ProbeFixture(DnsServer dns, LoopbackServer site, ServiceProvider provider)
    {
        _dns = dns;
        _site = site;
        _provider = provider;
        Diagnoser = provider.GetRequiredService<IDiagnoser>();
        Target = $"https://{Host}:{site.Port}/wiki";
    }

    public IDiagnoser Diagnoser { get; }

    public string Target { get; }

    public static async Task<ProbeFixture> StartAsync(int maxConcurrent = 256)
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var dns = new DnsServer(new UdpServerTransport(new IPEndPoint(IPAddress.Loopback, port)));
        dns.QueryReceived += (_, e) =>
        {
            var query = (DnsMessage)e.Query;
            var response = query.CreateResponseInstance();
            var q = query.Questions[0];
            if (q.RecordType == RecordType.A)
            {
                response.AnswerRecords.Add(new ARecord(q.Name, 60, IPAddress.Loopback));
            }

            e.Response = response;
            return Task.CompletedTask;
        };
        dns.Start();

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Host}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(Host);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
        var cert = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var body = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"u8.ToArray();
        var site = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            ctx.Response.StatusCode = 502;
            ctx.Response.Headers.Server = "nginx/1.22.1";
            ctx.Response.ContentType = "text/html";
            return ctx.Response.Body.WriteAsync(body).AsTask();
        }), certificate: cert);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddHelpdeskBotProbes();
        services.Configure<ProbesOptions>(o =>
        {
            o.SystemResolver = $"127.0.0.1:{port}";
            o.Resolvers = [$"127.0.0.1:{port}"];
            o.AllowedNetworks = ["127.0.0.0/8"];
            o.AllowedPorts = [site.Port];
            o.PerTargetPerMinute = 0;
            o.PerUserPerMinute = 0;
            o.MaxConcurrentDiagnoses = maxConcurrent;
            o.TimeBudget = TimeSpan.FromSeconds(60);
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.ConnectTimeout = TimeSpan.FromSeconds(20);
            o.DnsTimeout = TimeSpan.FromSeconds(10);
        });
        return new ProbeFixture(dns, site, services.BuildServiceProvider());
    }

    /// <summary>A diagnoser allowed to probe <paramref name="url"/> (loopback) with one attempt and no DNS.</summary>
    public static IDiagnoser ForUrl(Uri url)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddHelpdeskBotProbes();
        services.Configure<ProbesOptions>(o =>
        {
            o.SystemResolver = "127.0.0.1:9";
            o.Resolvers = [];
            o.AllowedNetworks = ["127.0.0.0/8"];
            o.AllowedPorts = [url.Port];
            o.PerTargetPerMinute = 0;
            o.PerUserPerMinute = 0;
        });
        return services.BuildServiceProvider().GetRequiredService<IDiagnoser>();
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _site.DisposeAsync();
        _dns.Stop();
    }
}
