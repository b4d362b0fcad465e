using HelpdeskBot.Configuration;
using HelpdeskBot.Hosting;
using HelpdeskBot.Packaging;

// `HelpdeskBot probe <target>` runs the probes from the command line; anything else runs the bot.
if (ProbeCommand.IsInvoked(args))
{
    return await ProbeCommand.RunAsync(args).ConfigureAwait(false);
}

// `HelpdeskBot package --app-id <guid> --domain <host>` writes the Teams app package (manifest/ + icons).
if (PackageCommand.IsInvoked(args))
{
    return PackageCommand.Run(args, Console.Out, Console.Error);
}

// `--help`, `--version` and stray words are answered here, before the host starts.
if (CommandLine.TryHandle(args, Console.Out, Console.Error) is { } exit)
{
    return exit;
}

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHelpdeskBot();
    await using var app = builder.Build();
    app.MapHelpdeskBot();
    await app.RunAsync().ConfigureAwait(false);
}
catch (Exception ex) when (StartupValidationReport.TryWrite(ex, Console.Error))
{
    // Settings failed validation (while wiring or at start-up): the summary above lists each one and its fix.
    return 1;
}
catch (Exception ex)
{
    // Anything else still ends with a message and exit code 1, never an unhandled exception (exit code 134).
    StartupValidationReport.WriteUnexpected(ex, Console.Error);
    return 1;
}

return 0;
