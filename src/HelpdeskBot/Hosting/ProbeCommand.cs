using HelpdeskBot.Diagnoses;
using HelpdeskBot.Probes;

namespace HelpdeskBot.Hosting;

/// <summary>`HelpdeskBot probe &lt;target&gt; [--json]`: see <see cref="ProbeCli"/> for options and exit codes.</summary>
internal static class ProbeCommand
{
    public static bool IsInvoked(string[] args) => args.Length > 0 && string.Equals(args[0], "probe", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        try
        {
            return await ProbeCli.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }
}
