using HelpdeskBot.Testing;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>
/// Microsoft 365 Agents Playground (the Teams-like client) pointed at a bot, on a free loopback port, run from a
/// temporary directory (it writes logs to ./devTools/ and reads its Teams context, <c>.m365agentsplayground.yml</c>,
/// from there). <c>TEAMSAPPTESTER_BROWSER=none</c> keeps it from opening a browser.
/// </summary>
internal sealed class PlaygroundProcess : IAsyncDisposable
{
    private const string KnownLocalPath = "/tmp/pg-npm/node_modules/.bin/agentsplayground";
    private readonly ChildProcess _process;
    private readonly string _workingDirectory;

    private PlaygroundProcess(ChildProcess process, string workingDirectory, Uri address)
    {
        _process = process;
        _workingDirectory = workingDirectory;
        Address = address;
    }

    /// <summary>The playground web UI.</summary>
    public Uri Address { get; }

    public string Output => _process.Output;

    /// <summary>HB_PLAYGROUND_BIN, else the known local install; the test is skipped when neither exists (failed under CI=true).</summary>
    public static string LocateBinary()
    {
        if (Environment.GetEnvironmentVariable("HB_PLAYGROUND_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        return File.Exists(KnownLocalPath) ? KnownLocalPath : Prerequisite.Require("HB_PLAYGROUND_BIN", "Microsoft 365 Agents Playground for the end-to-end tests");
    }

    /// <param name="configFile">
    /// A Playground configuration (users, team, channels, bot name) copied in as <c>.m365agentsplayground.yml</c>;
    /// null for the Playground's built-in one.
    /// </param>
    public static async Task<PlaygroundProcess> StartAsync(string binary, Uri botEndpoint, string? configFile = null)
    {
        var port = FreePort.Next();
        var workingDirectory = Directory.CreateTempSubdirectory("hb-playground-").FullName;
        if (configFile is not null)
        {
            File.Copy(configFile, Path.Combine(workingDirectory, ".m365agentsplayground.yml"));
        }

        var process = ChildProcess.Start(
            binary,
            ["start", "-e", botEndpoint.ToString(), "-c", "msteams", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--disable-telemetry"],
            workingDirectory,
            new Dictionary<string, string?> { ["TEAMSAPPTESTER_BROWSER"] = "none" });
        var playground = new PlaygroundProcess(process, workingDirectory, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await process.WaitForHttpAsync(playground.Address, TimeSpan.FromSeconds(90));
        }
        catch
        {
            await playground.DisposeAsync();
            throw;
        }

        return playground;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Logs still held open; the temp directory is cleaned by the OS.
        }
    }
}
