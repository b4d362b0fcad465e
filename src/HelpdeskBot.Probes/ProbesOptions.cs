using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Probes;

/// <summary>Settings of the server-side probes, bound to the <c>Probes</c> configuration section.</summary>
/// <remarks>
/// Lists default to null so that configuration replaces them instead of appending to a default (the
/// configuration binder appends to existing collections); the effective value is in the matching
/// <c>Effective*</c> member.
/// </remarks>
public sealed class ProbesOptions
{
    public const string SectionName = "Probes";

    /// <summary>Public resolvers asked besides the system one: Cloudflare, Google and Quad9, the three a help desk would suggest.</summary>
    public static readonly IReadOnlyList<string> DefaultResolvers = ["1.1.1.1", "8.8.8.8", "9.9.9.9"];

    /// <summary>HTTP attempts per diagnosis. 5 tells a hard failure (5 of 5) from an intermittent one (k of 5) in under a second on a healthy site.</summary>
    [Range(1, 20)]
    public int HttpAttempts { get; set; } = 5;

    /// <summary>Pause between attempts. 0 = after the first attempt the others go out together (a burst, what the benchmarks measure); above 0 = one after another with this pause.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan AttemptSpacing { get; set; } = TimeSpan.Zero;

    /// <summary>Whole diagnosis budget; a chat answer should come within seconds (issue 3: default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per round of DNS queries to a resolver, asked once more after it runs out; blackbox_exporter's default module timeout is 5 s for everything, DNS rarely needs more than 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Per TCP connect (SYN to established).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Per HTTP attempt (connect, TLS, request, first body bytes); cut further so all attempts fit the budget.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Redirects followed by hand, each hop checked again. Browsers stop at 20; 5 is plenty for a diagnosis.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Body bytes read per response, for the title, snippet and fingerprints; the rest is never read.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Response header bytes accepted (KiB); matches SocketsHttpHandler's default of 64 KiB.</summary>
    [Range(1, 1024)]
    public int MaxResponseHeadersKiB { get; set; } = 64;

    /// <summary>Characters of body kept as evidence.</summary>
    [Range(0, 4096)]
    public int BodySnippetChars { get; set; } = 512;

    /// <summary>Resolved addresses probed at most (first ones of the answer).</summary>
    [Range(1, 16)]
    public int MaxAddresses { get; set; } = 4;

    /// <summary>Diagnoses running at once in this process; further ones wait (within their budget).</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentDiagnoses { get; set; } = 256;

    /// <summary>Diagnoses one requester may start per minute; 0 = unlimited.</summary>
    [Range(0, 1_000_000)]
    public int PerUserPerMinute { get; set; } = 20;

    /// <summary>Diagnoses of one host per minute across all requesters (so the bot cannot be used to flood a site); 0 = unlimited.</summary>
    [Range(0, 1_000_000)]
    public int PerTargetPerMinute { get; set; } = 60;

    /// <summary>Public resolvers ("ip" or "ip:port", "[v6]:port"); null = <see cref="DefaultResolvers"/>, empty = none.</summary>
    public IList<string>? Resolvers { get; set; }

    /// <summary>Overrides the system resolver ("ip" or "ip:port"); null = the name servers of the operating system.</summary>
    public string? SystemResolver { get; set; }

    /// <summary>DNS zones (e.g. "corp.contoso.com") only asked of the system resolver: internal names never leak to public resolvers.</summary>
    public IList<string> InternalZones { get; set; } = [];

    /// <summary>CIDRs that may be probed even though they are internal (e.g. "10.20.0.0/16").</summary>
    public IList<string> AllowedNetworks { get; set; } = [];

    /// <summary>Host suffixes (e.g. ".intranet.contoso.com") whose private addresses (RFC 1918, CGNAT, ULA) may be probed.</summary>
    public IList<string> AllowedHostSuffixes { get; set; } = [];

    /// <summary>Ports allowed besides 80 and 443.</summary>
    public IList<int> AllowedPorts { get; set; } = [];

    /// <summary>Egress proxy ("http://proxy.corp:3128"); when set every diagnosis also probes through it and compares.</summary>
    public string? EgressProxy { get; set; }

    /// <summary>Reference URLs that should always work; probed when the target fails, to tell "our network is down" from "the target is down".</summary>
    public IList<string> ControlUrls { get; set; } = [];

    /// <summary>Extra fingerprint catalogue (JSON, same shape as the embedded one); its entries are tried first.</summary>
    public string? FingerprintsFile { get; set; }

    /// <summary>User-Agent of probe requests, so site owners can recognise them in their logs.</summary>
    [Required]
    [StringLength(200, MinimumLength = 1)]
    public string UserAgent { get; set; } = "HelpdeskBot-Probe/1.0 (+help desk diagnosis)";

    internal IReadOnlyList<string> EffectiveResolvers => Resolvers is null ? DefaultResolvers : [.. Resolvers];
}
