namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// Ids of the troubleshooting steps of the conversation's runbooks. A <see cref="Verdict"/> lists the ones
/// its evidence makes pointless (<see cref="Verdict.RulesOutSteps"/>), so the conversation skips them.
/// </summary>
public static class RunbookSteps
{
    /// <summary>"Is it only this site, or every site?"</summary>
    public const string Scope = "scope";

    /// <summary>Reload bypassing the cache (Ctrl+F5).</summary>
    public const string HardRefresh = "hard-refresh";

    /// <summary>Try another browser or a private window.</summary>
    public const string OtherBrowser = "other-browser";

    /// <summary>Try without the proxy / VPN.</summary>
    public const string BypassProxy = "bypass-proxy";

    /// <summary>Restart the router / network connection.</summary>
    public const string RebootNetwork = "reboot-network";

    /// <summary>Switch to a public DNS resolver.</summary>
    public const string PublicDns = "public-dns";

    /// <summary>Tell the site's owner.</summary>
    public const string ContactOwner = "contact-owner";

    public static readonly IReadOnlyList<string> All = [Scope, HardRefresh, OtherBrowser, BypassProxy, RebootNetwork, PublicDns, ContactOwner];

    /// <summary>The steps on the user's side that cannot fix a fault on the server's side.</summary>
    public static readonly IReadOnlyList<string> ClientSide = [HardRefresh, OtherBrowser, BypassProxy, RebootNetwork, PublicDns];
}
