using System.Diagnostics;
using System.Text.Json;
using HelpdeskBot.Diagnoses;
using HelpdeskBot.Probes;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Tests.Probes;

/// <summary>
/// The real executable (`dotnet HelpdeskBot.dll probe ... --json`) run inside a fresh network namespace
/// (`unshare -n`): no interface is up there, not even loopback, so even a broken guard could not send a packet off
/// the machine. These are the non-loopback cases the guard tests otherwise check without sockets: the refusals must
/// come from the guard (before any socket), and an allowed internal address must fail as unreachable, not leak.
/// </summary>
public sealed class ProbeNamespaceTests
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "the cloud metadata service")]
    [InlineData("http://[::ffff:a9fe:a9fe]/latest/meta-data/", "the cloud metadata service")]
    [InlineData("http://0251.0376.0251.0376/", "the cloud metadata service")]
    [InlineData("http://10.0.0.1/", "RFC 1918")]
    [InlineData("https://100.64.0.1/", "carrier-grade NAT")]
    [InlineData("http://[fd00::1]/", "ULA")]
    public async Task The_executable_refuses_internal_targets_before_any_socket(string target, string reason)
    {
        var run = await RunIsolatedAsync("probe", target, "--json");
        Assert.Equal(ProbeCli.Refused, run.Exit);
        using var json = JsonDocument.Parse(run.Out);
        var verdict = json.RootElement.GetProperty("verdict");
        Assert.Equal("Refused", verdict.GetProperty("kind").GetString());
        Assert.Contains(reason, verdict.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "ssrf.blocked");
        Assert.Empty(json.RootElement.GetProperty("tcp").EnumerateArray());
        Assert.Empty(json.RootElement.GetProperty("http").EnumerateArray());
    }

    [Fact]
    public async Task An_allowed_internal_network_is_probed_but_the_namespace_has_no_route_out()
    {
        var run = await RunIsolatedAsync("probe", "http://10.20.0.5/", "--json", "--attempts", "1", "--Probes:AllowedNetworks:0=10.20.0.0/16");
        Assert.Equal(ProbeCli.Problem, run.Exit);
        using var json = JsonDocument.Parse(run.Out);
        var tcp = Assert.Single(json.RootElement.GetProperty("tcp").EnumerateArray());
        Assert.Equal("10.20.0.5", tcp.GetProperty("address").GetString());
        Assert.Equal("unreachable", tcp.GetProperty("outcome").GetString());
        Assert.Equal("GatewayUnreachable", json.RootElement.GetProperty("verdict").GetProperty("kind").GetString());
    }

    /// <returns>Exit code and output; without `unshare` or a namespace the test is skipped (failed under CI=true).</returns>
    private static async Task<(int Exit, string Out, string Err)> RunIsolatedAsync(params string[] args)
    {
        var unshare = FindOnPath("unshare");
        Prerequisite.Check(unshare is not null, "util-linux `unshare` on PATH", "runs the probe in a private network namespace; ./test.sh installs it");

        // HelpdeskBot.dll is copied next to the tests; this project's runtimeconfig/deps name every framework and package it needs.
        var dir = AppContext.BaseDirectory;
        var testName = typeof(ProbeNamespaceTests).Assembly.GetName().Name;
        var start = new ProcessStartInfo(unshare)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir,
        };
        // Root can create a network namespace directly; anyone else maps themselves to root in a user namespace first.
        foreach (var a in Environment.UserName == "root" ? ["-n"] : new[] { "-r", "-n" })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var a in new[]
        {
            "dotnet", "exec",
            "--runtimeconfig", Path.Combine(dir, testName + ".runtimeconfig.json"),
            "--depsfile", Path.Combine(dir, testName + ".deps.json"),
            Path.Combine(dir, "HelpdeskBot.dll"),
        })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // Resolvers are loopback (down in the namespace): no DNS query could leave even if a test asked for a name.
        start.ArgumentList.Add("--Probes:Resolvers:0=127.0.0.1:9");
        start.ArgumentList.Add("--Probes:SystemResolver=127.0.0.1:9");
        start.ArgumentList.Add("--Probes:TimeBudget=00:00:05");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("unshare did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var (o, e) = (await stdout, await stderr);
        if (process.ExitCode == 1 && e.Contains("unshare:", StringComparison.Ordinal))
        {
            // The namespace itself could not be made (no privilege, user namespaces off): a missing prerequisite, not a result.
            Prerequisite.Missing("a private network namespace (unshare failed: " + e.Trim() + ")");
        }

        return (process.ExitCode, o, e);
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);
}
