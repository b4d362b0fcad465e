using System.Diagnostics;
using HelpdeskBot.Hosting;
using HelpdeskBot.Tests.EndToEnd;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>The executable answers --help and --version without starting the bot, and a stray word is a usage error (2).</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--version")]
    public async Task Help_and_version_print_and_exit_0_without_starting_the_bot(string option)
    {
        // In Production without credentials the bot would refuse to start with exit 1; printing must come first.
        var (exit, output) = await RunAsync(option);
        Assert.True(exit == 0, output);
        Assert.Contains(option == "--version" ? "HelpdeskBot " + CommandLine.Version : "Usage: HelpdeskBot", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot start", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stray_word_is_a_usage_error()
    {
        var (exit, output) = await RunAsync("serve");
        Assert.Equal(2, exit);
        Assert.Contains("unknown command 'serve'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--urls http://127.0.0.1:3978")]
    [InlineData("--Storage:Provider=Sqlite --Probes:AllowedPorts:0 8443")]
    [InlineData("")]
    public void Host_configuration_arguments_start_the_bot(string line)
    {
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Null(CommandLine.TryHandle(args, output, error));
        Assert.Empty(error.ToString());
    }

    /// <summary>Runs the built HelpdeskBot.dll as the published app would run (Production, no credentials).</summary>
    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var dll = BotProcess.LocateDll();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
