using System.Net;
using HelpdeskBot.Probes.Control;
using HelpdeskBot.Probes.Dns;
using HelpdeskBot.Probes.Fingerprints;
using HelpdeskBot.Probes.Http;
using HelpdeskBot.Probes.Proxy;
using HelpdeskBot.Probes.Safety;
using HelpdeskBot.Probes.Targets;
using HelpdeskBot.Probes.Tcp;
using HelpdeskBot.Probes.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Probes.Diagnosis;

/// <summary>
/// Runs the probes in order — parse, guard, rate limit, DNS, guard again on the answers, HTTP attempts (the first
/// one also records TCP and TLS), the remaining addresses, the proxy path, control URLs — within one time budget,
/// and draws the verdict. Bad input and refused targets come back as a Refused diagnosis, never as exceptions.
/// </summary>
internal sealed partial class Diagnoser : IDiagnoser, IDisposable
{
    /// <summary>Kept back from the budget for the verdict and the answer.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    private readonly ProbesOptions _options;
    private readonly TimeProvider _time;
    private readonly AddressGuard _guard;
    private readonly IProbeRateLimiter _rateLimiter;
    private readonly DnsProbe _dns;
    private readonly HttpProbe _http;
    private readonly IConnectProbe _tcp;
    private readonly ControlProbe _control;
    private readonly FingerprintCatalogue _catalogue;
    private readonly ILogger<Diagnoser> _logger;
    private readonly SemaphoreSlim _concurrency;
    private readonly Uri? _proxy;

    public Diagnoser(
        IOptions<ProbesOptions> options,
        TimeProvider time,
        AddressGuard guard,
        IProbeRateLimiter rateLimiter,
        DnsProbe dns,
        HttpProbe http,
        IConnectProbe tcp,
        ControlProbe control,
        FingerprintCatalogue catalogue,
        ILogger<Diagnoser> logger)
    {
        _options = options.Value;
        _time = time;
        _guard = guard;
        _rateLimiter = rateLimiter;
        _dns = dns;
        _http = http;
        _tcp = tcp;
        _control = control;
        _catalogue = catalogue;
        _logger = logger;
        _concurrency = new SemaphoreSlim(_options.MaxConcurrentDiagnoses, _options.MaxConcurrentDiagnoses);
        _proxy = _options.EgressProxy is { } p ? new Uri(p) : null;
    }

    public async Task<Diagnosis> DiagnoseAsync(DiagnosisRequest request, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
    {
        using var span = ProbeSpans.StartDiagnose();
        var diagnosis = await DiagnoseCoreAsync(request, progress, cancellationToken).ConfigureAwait(false);
        ProbeSpans.Finish(span, diagnosis);
        ProbeTelemetry.Record(diagnosis);
        return diagnosis;
    }

    private async Task<Diagnosis> DiagnoseCoreAsync(DiagnosisRequest request, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        if (TargetParser.Parse(request.Target, out var parseError) is not { } target)
        {
            var info = new ProbeTargetInfo(request.Target ?? string.Empty, string.Empty, string.Empty, 0, string.Empty);
            return Refused(info, startedAt, started, "target.invalid", parseError!.Message, null, why: (FindingKind.TargetInvalid, parseError.Values)); // not null: Parse says why when it returns null
        }

        var targetInfo = new ProbeTargetInfo(target.Input, target.Uri.ToString(), target.Host, target.Port, target.Uri.Scheme);
        var port = _guard.CheckPort(target.Port);
        if (!port.Allowed)
        {
            return Refused(targetInfo, startedAt, started, "ssrf.port", $"{target.Host} was not probed: {port.Reason}.", null, why: (FindingKind.RefusedPort, new FindingValues
            {
                Host = target.Host,
                Port = target.Port,
                Names = port.Facts,
            }));
        }

        if (target.Address is { } literal && _guard.CheckAddress(literal, null) is { Allowed: false } literalDecision)
        {
            return Refused(targetInfo, startedAt, started, "ssrf.blocked", $"{target.Input} was not probed: {literalDecision.Reason}.", null, target.Notes, AddressRefused(target.Host, literalDecision));
        }

        if (await _rateLimiter.TryAcquireAsync(request.RequesterId, target.Host, cancellationToken).ConfigureAwait(false) is { } limited)
        {
            return Refused(targetInfo, startedAt, started, "rate.limited", $"{target.Host} was not probed: {limited.Reason}.", null, why: limited.ByRequester
                ? (FindingKind.RateLimitedRequester, new FindingValues { Host = target.Host, Count = limited.Limit })
                : (FindingKind.RateLimitedTarget, new FindingValues { Host = target.Host, Count = limited.Limit }));
        }

        using var budget = new CancellationTokenSource(_options.TimeBudget, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            await _concurrency.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused(targetInfo, startedAt, started, "busy", $"{target.Host} was not probed: {_options.MaxConcurrentDiagnoses} diagnoses are already running; try again shortly.", null, why: (FindingKind.Busy, new FindingValues
            {
                Host = target.Host,
                Count = _options.MaxConcurrentDiagnoses,
            }));
        }

        try
        {
            return await RunAsync(target, targetInfo, request, progress, startedAt, started, linked.Token, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _concurrency.Release();
        }
    }

    public void Dispose() => _concurrency.Dispose();

    private async Task<Diagnosis> RunAsync(
        ProbeTarget target,
        ProbeTargetInfo info,
        DiagnosisRequest request,
        IProgress<ProbeProgress>? progress,
        DateTimeOffset startedAt,
        long started,
        CancellationToken budget,
        CancellationToken caller)
    {
        var attempts = Math.Clamp(request.Attempts ?? _options.HttpAttempts, 1, 20);
        Log.DiagnosisStarted(_logger, target.Host, target.Port, attempts);
        var findings = new List<Finding>(target.Notes);

        // DNS (skipped for IP literals: there is nothing to resolve).
        DnsEvidence? dns = null;
        IReadOnlyList<IPAddress> addresses;
        var dnsTime = TimeSpan.Zero;
        if (target.Address is { } literal)
        {
            addresses = [literal];
        }
        else
        {
            progress?.Report(new ProbeProgress("dns", $"Resolving {target.Host}"));
            var dnsStarted = _time.GetTimestamp();
            DnsResult result;
            using (var dnsSpan = ProbeSpans.StartDns(target.Host))
            {
                try
                {
                    result = await _dns.ResolveAsync(target.Host, budget).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!caller.IsCancellationRequested)
                {
                    // The budget ran out, not the caller's patience: that is a finding. A cancelled caller gets the
                    // cancellation, never a diagnosis that reports its own cancellation as resolvers timing out.
                    result = new DnsResult(new DnsEvidence([], false), []);
                    findings.Add(new Finding(FindingSeverity.Error, "budget.exhausted", "The time budget ran out while resolving the name.") { Kind = FindingKind.DnsBudgetExhausted });
                }

                ProbeSpans.FinishDns(dnsSpan, result.Evidence, result.Addresses.Count);
            }

            dnsTime = _time.GetElapsedTime(dnsStarted);
            dns = result.Evidence;
            addresses = result.Addresses;
            findings.AddRange(DiagnosisFindings.Dns(dns, target.Host));
        }

        // The guard judges every address the probes would use; one internal address refuses the target.
        foreach (var address in addresses)
        {
            var decision = _guard.CheckAddress(address, target.Host);
            if (!decision.Allowed)
            {
                return Refused(info, startedAt, started, "ssrf.blocked", $"{target.Host} was not probed: it resolves to {decision.Reason}.", dns, target.Notes, AddressRefused(target.Host, decision));
            }
        }

        var direct = new List<HttpAttemptResult>(attempts);
        HttpAttemptResult? protocolCheck = null;
        HttpAttemptResult? earlyCheck = null; // the HTTP/1.1 check sent with attempt 2, until it is known to be wanted
        var viaProxy = new List<HttpAttemptResult>();
        var tcp = new List<TcpEvidence>();
        TlsEvidence? tls = null;
        if (addresses.Count > 0)
        {
            // Attempt 1 alone: it records TCP and TLS and shows whether redirects stay allowed.
            var timeout = AttemptTimeout(started, attempts * (_proxy is null ? 1 : 2));
            progress?.Report(new ProbeProgress("http", $"HTTP attempt 1 of {attempts} to {target.Uri.GetLeftPart(UriPartial.Authority)}"));
            var first = await RunAttemptAsync(target, addresses, 1, null, true, dnsTime, timeout, budget, caller).ConfigureAwait(false);
            if (first is not null)
            {
                direct.Add(first);
                tcp.AddRange(first.Connects);
                tls = first.Tls;
                if (first.Blocked is not null)
                {
                    return Refused(info, startedAt, started, "ssrf.redirect-blocked", $"{target.Host} redirects to an address that is not probed: {first.Blocked.Reason}.", dns, target.Notes, (FindingKind.RefusedRedirect, first.Blocked.Values(target.Host))) with
                    {
                        Http = [first.Evidence],
                        Tcp = tcp,
                    };
                }

                if (_proxy is not null)
                {
                    progress?.Report(new ProbeProgress("proxy", $"Attempt 1 of {attempts} through the proxy"));
                    if (await RunAttemptAsync(target, addresses, 1, _proxy, false, dnsTime, timeout, budget, caller).ConfigureAwait(false) is { } proxied)
                    {
                        viaProxy.Add(proxied);
                    }
                }
            }

            if (attempts > 1 && first is not null)
            {
                if (_options.AttemptSpacing == TimeSpan.Zero)
                {
                    // No spacing: the remaining attempts go out together, a burst like several users reloading at once.
                    progress?.Report(new ProbeProgress("http", $"HTTP attempts 2 to {attempts}"));
                    var rest = AttemptTimeout(started, 1);
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(budget);
                    var directTasks = Enumerable.Range(2, attempts - 1).Select(i => RunAttemptAsync(target, addresses, i, null, false, dnsTime, rest, stop.Token, caller)).ToArray();
                    var proxyTasks = _proxy is null ? [] : Enumerable.Range(2, attempts - 1).Select(i => RunAttemptAsync(target, addresses, i, _proxy, false, dnsTime, rest, stop.Token, caller)).ToArray();

                    // The HTTP/1.1 check (below) joins the burst when the first attempt worked over h2: it costs a
                    // handshake, not the wait for one more attempt after the others, and it gets the time they get.
                    var checkTask = WorkedOverHttp2(first) ? RunAttemptAsync(target, addresses, attempts + 1, null, false, dnsTime, rest, stop.Token, caller, http11Only: true) : null;
                    try
                    {
                        direct.AddRange((await Task.WhenAll(directTasks).ConfigureAwait(false)).OfType<HttpAttemptResult>());
                        viaProxy.AddRange((await Task.WhenAll(proxyTasks).ConfigureAwait(false)).OfType<HttpAttemptResult>());
                        earlyCheck = checkTask is null ? null : await checkTask.ConfigureAwait(false);
                    }
                    catch
                    {
                        await EndAllAsync(stop, [.. directTasks, .. proxyTasks, checkTask]).ConfigureAwait(false);
                        throw;
                    }
                }
                else
                {
                    // The check runs beside the spaced attempts on a token of its own: when the loop throws (the caller
                    // cancelled, or a failure), it is ended and awaited before the exception leaves.
                    Task<HttpAttemptResult?>? checkTask = null;
                    using var stopCheck = CancellationTokenSource.CreateLinkedTokenSource(budget);
                    try
                    {
                        for (var i = 2; i <= attempts; i++)
                        {
                            if (!await PauseAsync(budget, caller).ConfigureAwait(false))
                            {
                                break;
                            }

                            progress?.Report(new ProbeProgress("http", $"HTTP attempt {i} of {attempts}"));
                            var each = AttemptTimeout(started, (attempts - i + 1) * (_proxy is null ? 1 : 2));

                            // Spaced too, the check goes out with attempt 2 on that attempt's share of the budget: after the
                            // spaced attempts it would get only what they left, and a squeezed check timing out over
                            // HTTP/1.1 would read as "fails over HTTP/1.1". Beside attempt 2 it takes no attempt's time.
                            if (i == 2 && WorkedOverHttp2(first))
                            {
                                checkTask = RunAttemptAsync(target, addresses, attempts + 1, null, false, dnsTime, each, stopCheck.Token, caller, http11Only: true);
                            }

                            if (await RunAttemptAsync(target, addresses, i, null, false, dnsTime, each, budget, caller).ConfigureAwait(false) is { } next)
                            {
                                direct.Add(next);
                            }

                            if (_proxy is not null && await RunAttemptAsync(target, addresses, i, _proxy, false, dnsTime, each, budget, caller).ConfigureAwait(false) is { } proxied)
                            {
                                viaProxy.Add(proxied);
                            }
                        }
                    }
                    catch
                    {
                        await EndAllAsync(stopCheck, [checkTask]).ConfigureAwait(false);
                        throw;
                    }

                    earlyCheck = checkTask is null ? null : await checkTask.ConfigureAwait(false);
                }

                if (direct.FirstOrDefault(a => a.Blocked is not null) is { Blocked: { } why } blocked)
                {
                    return Refused(info, startedAt, started, "ssrf.redirect-blocked", $"{target.Host} redirects to an address that is not probed: {why.Reason}.", dns, target.Notes, (FindingKind.RefusedRedirect, why.Values(target.Host))) with
                    {
                        Http = [.. direct.Select(a => a.Evidence)],
                        Tcp = tcp,
                    };
                }
            }

            // Browsers speak HTTP/2 where the site offers it; when the HTTP/2 exchange itself broke, one HTTP/1.1
            // attempt tells whether the site fails over one protocol only. A 502 or a timeout over h2 is the site's
            // answer, not a protocol failure: retrying it over HTTP/1.1 would only add a handshake to every diagnosis.
            // When every attempt worked over h2, the same one attempt tells whether the site fails only for what speaks
            // HTTP/1.1 (a proxy on the user's path, an older client): the report says something failed for them.
            // A check that went out with the attempts (burst or spaced) counts only when it is wanted: after a later attempt's 502 over h2, a
            // working HTTP/1.1 check would read as "fails over h2 only". It stays in the evidence: it was sent.
            if (direct.Any(a => a.Http2Broke) || (direct.Count > 0 && direct.All(WorkedOverHttp2)))
            {
                if (earlyCheck is null)
                {
                    progress?.Report(new ProbeProgress("http", "One more attempt over HTTP/1.1"));
                    protocolCheck = await RunAttemptAsync(target, addresses, attempts + 1, null, false, dnsTime, AttemptTimeout(started, 1), budget, caller, http11Only: true).ConfigureAwait(false);
                }
                else
                {
                    protocolCheck = earlyCheck;
                    earlyCheck = null;
                }
            }

            // The HTTP/1.1 check is held to the attempts' rule: a redirect it was refused refuses the target. Read as a
            // check, its 3xx would say "works over HTTP/1.1" of an answer the probes did not follow.
            if ((protocolCheck ?? earlyCheck) is { Blocked: { } checkWhy } blockedCheck)
            {
                return Refused(info, startedAt, started, "ssrf.redirect-blocked", $"{target.Host} redirects to an address that is not probed: {checkWhy.Reason}.", dns, target.Notes, (FindingKind.RefusedRedirect, checkWhy.Values(target.Host))) with
                {
                    Http = [.. direct.Select(a => a.Evidence), blockedCheck.Evidence],
                    Tcp = tcp,
                };
            }

            if (direct.Count < attempts)
            {
                findings.Add(new Finding(FindingSeverity.Warning, "budget.exhausted", $"The {_options.TimeBudget.TotalSeconds:0.#} s budget ran out: {direct.Count} of {attempts} attempts finished.")
                {
                    Kind = FindingKind.BudgetExhausted,
                    Values = new() { Seconds = _options.TimeBudget.TotalSeconds, Count = direct.Count, Total = attempts },
                });
                Log.BudgetExhausted(_logger, target.Host, (long)_options.TimeBudget.TotalMilliseconds);
            }

            // Addresses the attempts did not need still get a connect each, as evidence.
            var untried = addresses.Where(a => !tcp.Any(t => t.Address == a.ToString())).ToArray();
            if (untried.Length > 0)
            {
                progress?.Report(new ProbeProgress("tcp", $"Connecting to {untried.Length} more address(es)"));
                var connectTimeout = Min(_options.ConnectTimeout, _options.TimeBudget - _time.GetElapsedTime(started) - Margin);
                if (connectTimeout > TimeSpan.Zero)
                {
                    tcp.AddRange(await Task.WhenAll(untried.Select(a => ConnectUntriedAsync(a, target, connectTimeout, budget, caller))).ConfigureAwait(false));
                }
            }
        }

        PathComparison? proxyComparison = _proxy is null || viaProxy.Count == 0 ? null : ProxyComparer.Compare(direct, viaProxy, _proxy.Authority);

        // Control URLs only matter when the target could not be reached at all.
        ControlEvidence? control = null;
        var unreachable = addresses.Count == 0 || (direct.Count > 0 && direct.All(a => a.Evidence.StatusCode is null));
        if (unreachable && _control.IsConfigured)
        {
            var controlTimeout = Min(_options.AttemptTimeout, _options.TimeBudget - _time.GetElapsedTime(started) - Margin);
            if (controlTimeout > TimeSpan.Zero)
            {
                progress?.Report(new ProbeProgress("control", "Checking the reference sites"));
                control = await _control.ProbeAsync(controlTimeout, budget).ConfigureAwait(false);
            }
        }

        progress?.Report(new ProbeProgress("verdict", "Drawing the verdict"));
        findings.AddRange(DiagnosisFindings.Tcp(tcp));
        if (tls is not null)
        {
            findings.AddRange(TlsFindings.For(tls, target.Host));
        }

        findings.AddRange(DiagnosisFindings.Http(direct));
        if (proxyComparison is not null)
        {
            findings.Add(new Finding(proxyComparison.ProxyFailed > 0 && proxyComparison.DirectFailed == 0 ? FindingSeverity.Error : FindingSeverity.Info, "proxy.compare", $"{target.Host} {proxyComparison.Conclusion}.")
            {
                Kind = FindingKind.ProxyCompare,
                Values = new() { Host = target.Host, Paths = proxyComparison },
            });
        }

        if (control is not null)
        {
            findings.Add(control.Reachable == 0
                ? new Finding(FindingSeverity.Error, "control.down", $"None of the {control.Total} reference sites answer: the bot's own network is down.") { Kind = FindingKind.ControlDown, Values = new() { Total = control.Total } }
                : new Finding(FindingSeverity.Info, "control.ok", $"{control.Reachable} of {control.Total} reference sites answer: the bot's network works.") { Kind = FindingKind.ControlOk, Values = new() { Count = control.Reachable, Total = control.Total } });
        }

        var verdict = VerdictRules.Decide(new VerdictInput(target, dns, addresses.Count > 0, tcp, tls, direct, viaProxy, proxyComparison, control, protocolCheck, Reported(request.Hint, direct)));
        if (verdict.Kind == VerdictKind.ProxyProblem)
        {
            verdict = verdict with { ProxyName = _proxy?.Authority };
        }

        var elapsed = _time.GetElapsedTime(started);
        Log.DiagnosisFinished(_logger, target.Host, verdict.Kind, verdict.FailedAttempts, verdict.TotalAttempts, (long)elapsed.TotalMilliseconds);
        return new Diagnosis(info, startedAt, elapsed, verdict, dns, tcp, tls, [.. direct.Select(a => a.Evidence), .. viaProxy.Select(a => a.Evidence), .. (protocolCheck ?? earlyCheck) is { } check ? new[] { check.Evidence } : []], proxyComparison, control, findings);
    }

    /// <summary>The hop the reporter named, as the catalogue knows it for the status most failing attempts got.</summary>
    private HopIdentity? Reported(ProductHint? hint, IReadOnlyList<HttpAttemptResult> direct)
    {
        var status = direct.Where(a => a.Failed && a.Evidence.StatusCode is not null)
            .GroupBy(a => a.Evidence.StatusCode!.Value) // not null: filtered just above
            .OrderByDescending(g => g.Count())
            .Select(g => (int?)g.Key)
            .FirstOrDefault();
        return hint is null || string.IsNullOrWhiteSpace(hint.Product) || status is null ? null : _catalogue.Reported(hint.Product, status.Value);
    }

    /// <summary>An address refused, as facts: the host, the address and the range it is in.</summary>
    private static (FindingKind, FindingValues) AddressRefused(string host, GuardDecision decision) => (FindingKind.RefusedAddress, new FindingValues
    {
        Host = host,
        Address = decision.Facts.Count > 0 ? decision.Facts[0] : null,
        Names = [.. decision.Facts.Skip(1)],
    });

    /// <param name="why">What the refusal rests on, for readers who word it (null: the English reason only).</param>
    private Diagnosis Refused(ProbeTargetInfo info, DateTimeOffset startedAt, long started, string code, string reason, DnsEvidence? dns, IReadOnlyList<Finding>? notes = null, (FindingKind Kind, FindingValues Values)? why = null)
    {
        Log.TargetRefused(_logger, info.Host.Length > 0 ? info.Host : "(not a web address)", code);
        Log.TargetRefusedReason(_logger, code, info.Input.Length > 0 ? reason.Replace(TargetParser.Quoted(info.Input), TargetParser.WithoutSecrets(info.Input), StringComparison.Ordinal) : reason);
        var findings = new List<Finding>(notes ?? [])
        {
            new(FindingSeverity.Error, code, reason) { Kind = why?.Kind, Values = why?.Values },
        };
        var verdict = new Verdict(VerdictKind.Refused, 1.0, null, null, 0, 0, false) { Detail = reason };
        return new Diagnosis(info, startedAt, _time.GetElapsedTime(started), verdict, dns, [], null, [], null, null, findings);
    }
}
