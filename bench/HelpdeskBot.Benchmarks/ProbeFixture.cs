using System.Diagnostics;
using System.Globalization;
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
/// 502 page (a 200 page on <see cref="HealthyPath"/>). Everything stays on loopback. With <c>siteProcess</c> the DNS server and the site run in a child process
/// (this benchmark's <c>site</c> mode), so this process's CPU time is the probes' alone (the client), and the site's
/// is read from the child.
/// </summary>
internal sealed class ProbeFixture : IAsyncDisposable
{
    public const string Host = "bench.contoso.test";

    /// <summary>The path the site answers 200 on; every other path gets nginx's 502 page.</summary>
    public const string HealthyPath = "/ok";

    private readonly IAsyncDisposable _site;
    private readonly ServiceProvider _provider;

    private ProbeFixture(IAsyncDisposable site, int sitePort, ServiceProvider provider)
    {
        _site = site;
        _provider = provider;
        Diagnoser = provider.GetRequiredService<IDiagnoser>();
        Target = $"https://{Host}:{sitePort}/wiki";
        HealthyTarget = $"https://{Host}:{sitePort}{HealthyPath}";
    }

    public IDiagnoser Diagnoser { get; }

    public string Target { get; }

    /// <summary>The site's healthy page (<see cref="HealthyPath"/>).</summary>
    public string HealthyTarget { get; }

    /// <summary>CPU time the site's child process has used so far; null when the site runs in this process.</summary>
    public TimeSpan? SiteCpu => (_site as SiteProcess)?.Cpu;

    public static async Task<ProbeFixture> StartAsync(int maxConcurrent = 256, bool siteProcess = false)
    {
        IAsyncDisposable site;
        int port, sitePort;
        if (siteProcess)
        {
            (site, port, sitePort) = await SiteProcess.StartAsync();
        }
        else
        {
            var local = await LocalSite.StartAsync();
            (site, port, sitePort) = (local, local.DnsPort, local.SitePort);
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddHelpdeskBotProbes();
        services.Configure<ProbesOptions>(o =>
        {
            o.SystemResolver = $"127.0.0.1:{port}";
            o.Resolvers = [$"127.0.0.1:{port}"];
            o.AllowedNetworks = ["127.0.0.0/8"];
            o.AllowedPorts = [sitePort];
            o.PerTargetPerMinute = 0;
            o.PerUserPerMinute = 0;
            o.MaxConcurrentDiagnoses = maxConcurrent;
            o.TimeBudget = TimeSpan.FromSeconds(60);
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.ConnectTimeout = TimeSpan.FromSeconds(20);
            o.DnsTimeout = TimeSpan.FromSeconds(10);
        });
        return new ProbeFixture(site, sitePort, services.BuildServiceProvider());
    }

    /// <summary>The <c>site</c> mode: serves DNS and the site, prints "site &lt;dns port&gt; &lt;site port&gt;", and stops when standard input closes.</summary>
    public static async Task<int> ServeAsync()
    {
        await using var site = await LocalSite.StartAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"site {site.DnsPort} {site.SitePort}"));
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        return 0;
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
    }

    /// <summary>The DNS server and the site in this process.</summary>
    private sealed class LocalSite(DnsServer dns, LoopbackServer site, int dnsPort) : IAsyncDisposable
    {
        public int DnsPort => dnsPort;

        public int SitePort => site.Port;

        public static async Task<LocalSite> StartAsync()
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
                if (ctx.Request.Path == HealthyPath)
                {
                    // A healthy page (latency --healthy): every attempt works over h2, so the HTTP/1.1 check runs too.
                    ctx.Response.ContentType = "text/html";
                    return ctx.Response.WriteAsync("<html><head><title>Wiki</title></head><body>Wiki</body></html>");
                }

                ctx.Response.StatusCode = 502;
                ctx.Response.Headers.Server = "nginx/1.22.1";
                ctx.Response.ContentType = "text/html";
                return ctx.Response.Body.WriteAsync(body).AsTask();
            }), certificate: cert);
            return new LocalSite(dns, site, port);
        }

        public async ValueTask DisposeAsync()
        {
            await site.DisposeAsync();
            dns.Stop();
        }
    }

    /// <summary>The DNS server and the site in a child process running this benchmark's <c>site</c> mode; ends when its standard input closes.</summary>
    private sealed class SiteProcess(Process child) : IAsyncDisposable
    {
        public TimeSpan Cpu
        {
            get
            {
                child.Refresh();
                return child.TotalProcessorTime;
            }
        }

        public static async Task<(IAsyncDisposable Site, int DnsPort, int SitePort)> StartAsync()
        {
            var self = Environment.ProcessPath ?? "dotnet";
            var viaDotnet = Path.GetFileNameWithoutExtension(self) == "dotnet";
            var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (viaDotnet)
            {
                start.ArgumentList.Add(typeof(ProbeFixture).Assembly.Location);
            }

            start.ArgumentList.Add("site");
            var child = Process.Start(start) ?? throw new InvalidOperationException("the site process did not start");
            var ready = await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the site process ended before it served");
            var parts = ready.Split(' ');
            return (new SiteProcess(child), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
        }

        public async ValueTask DisposeAsync()
        {
            child.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
            try
            {
                await child.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                child.Kill(); // the child this fixture started, by its own handle
            }

            child.Dispose();
        }
    }
}
