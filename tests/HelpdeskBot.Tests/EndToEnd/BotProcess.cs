namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// HelpdeskBot started as a real process (<c>dotnet HelpdeskBot.dll</c>) on a free loopback port, in anonymous
/// local mode (Development) unless <paramref name="environment"/> says otherwise.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private BotProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri MessagesEndpoint => new(BaseAddress, "api/messages");

    public string Output => _process.Output;

    /// <param name="launcher">A command that runs the rest of its arguments (<c>dotnet HelpdeskBot.dll</c>), e.g. inside a mount namespace; none by default.</param>
    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyList<string>? launcher = null)
    {
        var bot = Launch(environment, launcher);
        try
        {
            await bot.WaitReadyAsync();
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }

        return bot;
    }

    /// <summary>
    /// Starts the process without waiting for it: its address is known at once (e.g. for the Playground, started
    /// meanwhile); <see cref="WaitReadyAsync"/> waits until it answers.
    /// </summary>
    public static BotProcess Launch(IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyList<string>? launcher = null)
    {
        var dll = LocateDll();
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var env = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        var process = launcher is { Count: > 0 }
            ? ChildProcess.Start(launcher[0], [.. launcher.Skip(1), "dotnet", dll], Path.GetDirectoryName(dll)!, env)
            : ChildProcess.Start("dotnet", [dll], Path.GetDirectoryName(dll)!, env);
        return new BotProcess(process, baseAddress);
    }

    /// <summary>Waits until the bot answers /health/live (a minute at most).</summary>
    public Task WaitReadyAsync() => _process.WaitForHttpAsync(new Uri(BaseAddress, "health/live"), TimeSpan.FromSeconds(60));

    /// <summary>HB_DLL, else the HelpdeskBot.dll built next to these tests, else the one under src/HelpdeskBot/bin.</summary>
    public static string LocateDll()
    {
        if (Environment.GetEnvironmentVariable("HB_DLL") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "HelpdeskBot.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "HelpdeskBot.runtimeconfig.json")))
        {
            return beside;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = RepositoryRoot();
        var built = Path.Combine(root, "src", "HelpdeskBot", "bin", configuration, "net10.0", "HelpdeskBot.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException("HelpdeskBot.dll not found; build src/HelpdeskBot or set HB_DLL.", built);
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HelpdeskBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("HelpdeskBot.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The process, for <see cref="ChildProcess.KillAsync"/> and its exit code.</summary>
    public ChildProcess Process => _process;

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
