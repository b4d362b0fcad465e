using System.Diagnostics;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// The real executable, started with bad settings and broken files: one report listing every problem with its fix,
/// exit code 1, never an unhandled exception (exit code 134) or a stack trace.
/// </summary>
public sealed class StartupReportTests
{
    private const string WebhookPassword = "hook-pass-4b7e";

    [Fact]
    public async Task Five_wrong_settings_are_listed_together_and_the_process_exits_with_1()
    {
        var run = await RunBotAsync(
            "--Dashboard:Days=0",
            "--Probes:HttpAttempts=many",
            "--Storage:Provider=Postgress",
            "--Bot:Connector:AuthorityHost=http://login.contoso.com",
            "--Tickets:Provider=Webhook",
            $"--Tickets:Webhook:Url=http://ops:{WebhookPassword}@hooks.contoso.com/helpdesk",
            "--Tickets:Webhook:Secret=0123456789abcdef0123456789abcdef");

        Assert.Equal(1, run.Exit);
        Assert.Contains("HelpdeskBot cannot start: 5 settings to fix", run.Err, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Days must be between 1 and 90", run.Err, StringComparison.Ordinal);
        Assert.Contains("Probes:HttpAttempts has a value that is not a whole number", run.Err, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider has a value that is not a valid StorageProvider", run.Err, StringComparison.Ordinal);
        Assert.Contains("Bot:Connector:AuthorityHost must use https", run.Err, StringComparison.Ordinal);
        Assert.Contains("Tickets:Webhook:Url: use https (http is accepted only for a receiver on loopback): https://hooks.contoso.com; remove the user name and password", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookPassword, run.Err + run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_over_http_on_loopback_is_accepted()
    {
        // Only the runbook folder is wrong: the loopback http webhook is not among the problems.
        var run = await RunBotAsync(
            "--Tickets:Provider=Webhook",
            "--Tickets:Webhook:Url=http://127.0.0.1:9/helpdesk",
            "--Tickets:Webhook:Secret=0123456789abcdef0123456789abcdef",
            "--Runbooks:Path=/nonexistent/runbooks");

        Assert.Equal(1, run.Exit);
        Assert.Contains("1 setting to fix", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Tickets:Webhook:Url", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_runbooks_and_catalogue_go_through_the_report_naming_each_file_and_the_fix()
    {
        var folder = Directory.CreateTempSubdirectory("hb-runbooks-");
        try
        {
            var runbook = Path.Combine(folder.FullName, "broken.yaml");
            await File.WriteAllTextAsync(runbook, "id: broken\ntitle: [unclosed\n");
            var catalogue = Path.Combine(Path.GetTempPath(), $"{folder.Name}-services.yaml");
            await File.WriteAllTextAsync(catalogue, "services:\n  - name: Wiki\n");

            var run = await RunBotAsync(
                $"--Runbooks:Path={folder.FullName}",
                $"--Catalog:Path={catalogue}",
                "--Dashboard:Days=0");

            Assert.Equal(1, run.Exit);
            Assert.Contains("3 settings to fix", run.Err, StringComparison.Ordinal); // one runbook error, one catalogue error, one setting
            Assert.Contains($"Runbook {runbook}:", run.Err, StringComparison.Ordinal);
            Assert.Contains("Fix the file (docs/runbooks.md describes the format)", run.Err, StringComparison.Ordinal);
            Assert.Contains($"Service catalogue {catalogue}: services[0] (Wiki): missing or invalid host", run.Err, StringComparison.Ordinal);
            Assert.Contains("Dashboard:Days must be between 1 and 90", run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("RunbookValidationException", run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", run.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(Path.Combine(Path.GetTempPath(), $"{folder.Name}-services.yaml"));
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_runbook_folder_names_the_setting_that_moves_it()
    {
        var run = await RunBotAsync("--Runbooks:Path=/nonexistent/runbooks");

        Assert.Equal(1, run.Exit);
        Assert.Contains("Runbooks: /nonexistent/runbooks: runbook directory does not exist. Put the runbook files there or set Runbooks:Path", run.Err, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs HelpdeskBot.dll (copied next to the tests; this project's runtimeconfig/deps name every framework and
    /// package it needs) in Production with a fresh SQLite file, an app id and a secret, plus <paramref name="args"/>.
    /// </summary>
    internal static async Task<(int Exit, string Out, string Err)> RunBotAsync(params string[] args)
    {
        var data = Directory.CreateTempSubdirectory("hb-start-");
        try
        {
            var dir = AppContext.BaseDirectory;
            var testName = typeof(StartupReportTests).Assembly.GetName().Name;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            foreach (var a in new[]
            {
                "exec",
                "--runtimeconfig", Path.Combine(dir, testName + ".runtimeconfig.json"),
                "--depsfile", Path.Combine(dir, testName + ".deps.json"),
                Path.Combine(dir, "HelpdeskBot.dll"),
                "--urls=http://127.0.0.1:0",
                $"--Storage:Sqlite:Path={Path.Combine(data.FullName, "helpdeskbot.db")}",
                "--MicrosoftAppId=5c1f0a51-8d2b-4f7e-9a3c-2b7e1d4c9f60",
                "--MicrosoftAppTenantId=8a4c8f1e-2d3b-4c5d-9e6f-7a8b9c0d1e2f",
            }.Concat(args))
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["MicrosoftAppPassword"] = "start-up-test-secret";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            // A safety net for a start that does not fail: every case here must exit on its own.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("HelpdeskBot did not exit within 60 s: " + await stderr);
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
