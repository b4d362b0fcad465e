using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using HelpdeskBot.Probes.Diagnosis;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes.Dns;

/// <summary>
/// Asks the system resolver and the configured public resolvers for A and AAAA records, keeping the CNAME chain
/// and each resolver's outcome as evidence. Names under <c>Probes:InternalZones</c> are only asked of the
/// system resolver. Nothing here throws for a failing name: NXDOMAIN, NODATA, SERVFAIL and timeouts are outcomes;
/// a cancelled <c>cancellationToken</c> (the caller, or the diagnosis' time budget) throws, and the diagnoser tells the two apart.
/// </summary>
internal sealed class DnsProbe
{
    public const string System = "system";

    private readonly ProbesOptions _options;
    private readonly TimeProvider _time;
    private readonly Lazy<ILookupClient?> _system;
    private readonly (string Name, ILookupClient Client)[] _public;
    private readonly string[] _internalZones;

    public DnsProbe(IOptions<ProbesOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _system = new Lazy<ILookupClient?>(CreateSystemClient);
        _public = [.. _options.EffectiveResolvers.Select(r =>
        {
            // Validated at start-up (ProbesOptionsValidator), so the endpoint is known to parse.
            var endpoint = ResolverEndpoint.TryParse(r, out var parsed) ? parsed : throw new ArgumentException($"Probes:Resolvers: '{r}' is not an IP address or IP:port.");
            return (endpoint.ToString(), (ILookupClient)CreateClient(new NameServer(endpoint.Address, endpoint.Port)));
        })];
        _internalZones = [.. _options.InternalZones.Select(z => "." + z.Trim().Trim('.').ToLowerInvariant())];
    }

    /// <summary>Resolves <paramref name="host"/> with every applicable resolver, in parallel.</summary>
    public async Task<DnsResult> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var isInternal = IsInternal(host);
        var tasks = new List<Task<ResolverAnswer>>(1 + _public.Length)
        {
            QueryAsync(System, _system.Value, host, cancellationToken),
        };
        foreach (var (name, client) in _public)
        {
            tasks.Add(isInternal
                ? Task.FromResult(new ResolverAnswer(name, ResolverOutcome.Skipped, [], [], TimeSpan.Zero, "internal zone: only the system resolver is asked") { Failure = new(FailureKind.InternalZone) })
                : QueryAsync(name, client, host, cancellationToken));
        }

        var answers = await Task.WhenAll(tasks).ConfigureAwait(false);
        return new DnsResult(new DnsEvidence(answers, Disagree(answers)), PickAddresses(answers));
    }

    /// <summary>Resolves a redirect's host with the system resolver only (what a browser would do).</summary>
    public async Task<ResolverAnswer> ResolveWithSystemAsync(string host, CancellationToken cancellationToken) =>
        await QueryAsync(System, _system.Value, host, cancellationToken).ConfigureAwait(false);

    private bool IsInternal(string host)
    {
        var h = "." + host;
        return _internalZones.Any(z => h.EndsWith(z, StringComparison.Ordinal));
    }

    private async Task<ResolverAnswer> QueryAsync(string name, ILookupClient? client, string host, CancellationToken cancellationToken)
    {
        if (client is null)
        {
            return new ResolverAnswer(name, ResolverOutcome.Error, [], [], TimeSpan.Zero, "no name server is configured on this machine") { Failure = new(FailureKind.NoNameServer) };
        }

        var started = _time.GetTimestamp();
        try
        {
            if (await AskAsync(client, host, cancellationToken).ConfigureAwait(false) is not { } responses)
            {
                return new ResolverAnswer(name, ResolverOutcome.Timeout, [], [], _time.GetElapsedTime(started), $"no answer within {_options.DnsTimeout.TotalSeconds:0.#} s") { Failure = TimedOut() };
            }

            var elapsed = _time.GetElapsedTime(started);
            var codes = responses.Select(r => r.Header.ResponseCode).ToArray();
            var addresses = responses.SelectMany(r => r.Answers.OfType<AddressRecord>()).Select(r => r.Address.ToString()).Distinct().ToArray();
            var chain = CnameChain(host, responses.SelectMany(r => r.Answers.CnameRecords()));
            if (addresses.Length > 0)
            {
                return new ResolverAnswer(name, ResolverOutcome.Ok, addresses, chain, elapsed, null);
            }

            if (codes.Contains(DnsHeaderResponseCode.NotExistentDomain))
            {
                return new ResolverAnswer(name, ResolverOutcome.Nxdomain, [], chain, elapsed, "the name does not exist (NXDOMAIN)") { Failure = new(FailureKind.NameNotFound) };
            }

            if (codes.Contains(DnsHeaderResponseCode.ServerFailure))
            {
                return new ResolverAnswer(name, ResolverOutcome.Servfail, [], chain, elapsed, "the resolver could not get an answer (SERVFAIL)") { Failure = new(FailureKind.ResolverFailure) };
            }

            if (codes.All(c => c == DnsHeaderResponseCode.NoError))
            {
                return new ResolverAnswer(name, ResolverOutcome.Nodata, [], chain, elapsed, "the name exists but has no address records (NODATA)") { Failure = new(FailureKind.NoAddresses) };
            }

            return new ResolverAnswer(name, ResolverOutcome.Error, [], chain, elapsed, $"the resolver answered {codes[0]}") { Failure = new(FailureKind.ResolverCode) { Detail = codes[0].ToString() } };
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // DnsClient reports a cancelled query as its own timeout: a cancellation is not an answer from the resolver.
            throw new OperationCanceledException("The DNS query was cancelled.", e, cancellationToken);
        }
        catch (Exception e) when (e is DnsResponseException or SocketException or InvalidOperationException or ArgumentException)
        {
            return new ResolverAnswer(name, ResolverOutcome.Error, [], [], _time.GetElapsedTime(started), e.Message) { Failure = new(FailureKind.QueryFailed) { Detail = e.GetType().Name } };
        }
    }

    /// <summary>
    /// The A and AAAA queries, each round within Probes:DnsTimeout on the probes' clock (DnsClient's own timeout runs on
    /// the real clock, so it is off), and one more round after a timeout: a single lost UDP datagram is not a finding.
    /// </summary>
    /// <returns>Null when both rounds ran out of time; the caller's cancellation throws.</returns>
    private async Task<IDnsQueryResponse[]?> AskAsync(ILookupClient client, string host, CancellationToken cancellationToken)
    {
        for (var round = 0; round < 2; round++)
        {
            using var deadline = new Deadline(_options.DnsTimeout, _time, cancellationToken);
            try
            {
                var a = client.QueryAsync(host, QueryType.A, QueryClass.IN, deadline.Token);
                var aaaa = client.QueryAsync(host, QueryType.AAAA, QueryClass.IN, deadline.Token);
                return await Task.WhenAll(a, aaaa).ConfigureAwait(false);
            }
            catch (Exception) when (deadline.Expired && !cancellationToken.IsCancellationRequested)
            {
                // DnsClient reports a cancelled query as a cancellation or as its own timeout: either way, no answer in time.
            }
        }

        return null;
    }

    private ProbeFailure TimedOut() => new(FailureKind.ResolverTimeout) { Seconds = _options.DnsTimeout.TotalSeconds };

    private static string[] CnameChain(string host, IEnumerable<CNameRecord> records)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in records)
        {
            byName.TryAdd(r.DomainName.Value.TrimEnd('.'), r.CanonicalName.Value.TrimEnd('.'));
        }

        var chain = new List<string>();
        var current = host;
        while (byName.TryGetValue(current, out var next) && chain.Count < 16 && !chain.Contains(next))
        {
            chain.Add(next);
            current = next;
        }

        return [.. chain];
    }

    private static bool Disagree(IReadOnlyList<ResolverAnswer> answers)
    {
        // Timeouts and local errors say something about the path, not about the name: they do not count.
        var decisive = answers.Where(a => a.Outcome is ResolverOutcome.Ok or ResolverOutcome.Nxdomain or ResolverOutcome.Nodata or ResolverOutcome.Servfail).ToArray();
        if (decisive.Select(a => a.Outcome).Distinct().Count() > 1)
        {
            return true;
        }

        // CDNs answer differently per resolver location, so only fully disjoint answers count.
        var sets = decisive.Where(a => a.Outcome == ResolverOutcome.Ok).Select(a => a.Addresses.ToHashSet()).ToArray();
        for (var i = 0; i < sets.Length; i++)
        {
            for (var j = i + 1; j < sets.Length; j++)
            {
                if (!sets[i].Overlaps(sets[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private IPAddress[] PickAddresses(IReadOnlyList<ResolverAnswer> answers)
    {
        // The system resolver is what users' machines see; a public one only stands in when it fails.
        var source = answers.FirstOrDefault(a => a.Resolver == System && a.Outcome == ResolverOutcome.Ok) ?? answers.FirstOrDefault(a => a.Outcome == ResolverOutcome.Ok);
        if (source is null)
        {
            return [];
        }

        return [.. source.Addresses.Select(IPAddress.Parse)
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .Take(_options.MaxAddresses)];
    }

    private LookupClient? CreateSystemClient()
    {
        if (_options.SystemResolver is { } configured && ResolverEndpoint.TryParse(configured, out var endpoint))
        {
            return CreateClient(new NameServer(endpoint.Address, endpoint.Port));
        }

        try
        {
            var servers = NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false);
            return servers.Count == 0 ? null : CreateClient([.. servers]);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private LookupClient CreateClient(params NameServer[] servers) => new(new LookupClientOptions(servers)
    {
        UseCache = false,
        Timeout = Timeout.InfiniteTimeSpan, // the limit is a deadline on the probes' clock (AskAsync), which also retries once
        Retries = 0,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
        UseTcpFallback = true,
    });
}

/// <summary>What DNS said, and the addresses the probes will connect to (pinned from here on).</summary>
internal sealed record DnsResult(DnsEvidence Evidence, IReadOnlyList<IPAddress> Addresses);
