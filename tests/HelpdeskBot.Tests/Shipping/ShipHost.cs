using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>The whole bot host with settings of the test's choosing and its own SQLite file.</summary>
internal sealed class ShipHost : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdefghijklmnop";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string? _environment;
    private readonly string? _jsonFile;

    public ShipHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? environment = null, string? jsonFile = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("hb-ship-").FullName;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(Directory, "helpdeskbot.db"),
            ["Admin:ApiKeys:0"] = AdminKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _services = services;
        _environment = environment;
        _jsonFile = jsonFile;
        // Real Kestrel on loopback rather than the in-memory test server: a browser can reach it, and (observed)
        // disposing the in-memory server after a Prometheus scrape disposed the services before the host stopped.
        UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string Directory { get; }

    /// <summary>A client of the running host (starting it when needed).</summary>
    public HttpClient Client()
    {
        StartServer();
        return new HttpClient { BaseAddress = KestrelAddress };
    }

    /// <summary>http://127.0.0.1:port/ of the Kestrel server (after <c>StartServer</c>).</summary>
    public Uri KestrelAddress
    {
        get
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.TrimEnd('/') + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment ?? "Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_jsonFile is not null)
        {
            builder.ConfigureAppConfiguration(c => c.AddJsonFile(_jsonFile, optional: false));
        }

        builder.ConfigureTestServices(s => _services?.Invoke(s));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
