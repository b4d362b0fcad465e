using HelpdeskBot.Hosting;

// `HelpdeskBot probe <target>` runs the probes from the command line; anything else runs the bot.
if (ProbeCommand.IsInvoked(args))
{
    return await ProbeCommand.RunAsync(args).ConfigureAwait(false);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddHelpdeskBot();
var app = builder.Build();
app.MapHelpdeskBot();
await app.RunAsync().ConfigureAwait(false);
return 0;
