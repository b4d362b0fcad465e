namespace HelpdeskBot.Hosting;

/// <summary>`HelpdeskBot probe &lt;target&gt; [--json]`: filled by the probes work.</summary>
internal static class ProbeCommand
{
    public static bool IsInvoked(string[] args) => args.Length > 0 && string.Equals(args[0], "probe", StringComparison.OrdinalIgnoreCase);

    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("probe: not available yet");
        return Task.FromResult(2);
    }
}
