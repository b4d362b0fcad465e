using System.Diagnostics;
using System.Reflection;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>The Bicep CLI restored from NuGet (Azure.Bicep.CommandLine.linux-x64); its path is baked into this assembly at build.</summary>
internal static class BicepCli
{
    public static string Path { get; } = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCli").Value ?? throw new InvalidOperationException("BicepCli metadata is empty");

    /// <summary>Runs <c>bicep &lt;arguments&gt;</c> and returns its exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        Assert.True(File.Exists(Path), $"Bicep CLI not found at {Path}: restore tests/HelpdeskBot.Tests (it comes from NuGet).");
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the Bicep CLI package referenced is the linux-x64 one");
        }

        // NuGet extraction may drop the execute bit.
        var mode = File.GetUnixFileMode(Path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(Path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry and no registry look-ups: the build must work offline.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90), TimeProvider.System);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
