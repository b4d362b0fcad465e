using System.Net;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Safety;

namespace HelpdeskBot.Probes.Http;

/// <summary>Why an attempt stopped at a redirect: its kind and facts for the readers, and the English reason for operators.</summary>
internal sealed record RedirectBlock(RedirectRefusal Kind, string Reason)
{
    public string? Address { get; init; }

    public int? Port { get; init; }

    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Why the redirect's host did not resolve, as a fact (Unresolved).</summary>
    public ProbeFailure? Failure { get; init; }

    public static RedirectBlock Scheme(string scheme) =>
        new(RedirectRefusal.Scheme, $"only http and https are followed, not {scheme}") { Names = [scheme] };

    public static RedirectBlock Credentials() => new(RedirectRefusal.Credentials, "the redirect carries credentials");

    /// <param name="decision">The guard's refusal of the port; its facts are the ports allowed.</param>
    public static RedirectBlock PortRefused(int port, GuardDecision decision) =>
        new(RedirectRefusal.Port, decision.Reason ?? $"port {port} is not probed") { Port = port, Names = decision.Facts };

    public static RedirectBlock Unresolved(string host, ResolverAnswer answer) =>
        new(RedirectRefusal.Unresolved, $"{host} does not resolve ({answer.Error})") { Names = [host, WireNames.Of(answer.Outcome)], Failure = answer.Failure };

    /// <param name="decision">The guard's refusal of the address; its facts are the address and the range's CIDR.</param>
    public static RedirectBlock AddressRefused(IPAddress address, GuardDecision decision) =>
        new(RedirectRefusal.Address, decision.Reason ?? $"{address} is an internal address")
        {
            Address = decision.Facts.Count > 0 ? decision.Facts[0] : address.ToString(),
            Names = [.. decision.Facts.Skip(1)],
        };

    /// <summary>The connector refused an address (a second check, right before connecting): named by the range it is in.</summary>
    public static RedirectBlock AddressRefused(IPAddress address, string? reason) =>
        new(RedirectRefusal.Address, reason ?? $"{address} is an internal address")
        {
            Address = address.ToString(),
            Names = AddressRanges.Classify(AddressGuard.Normalise(address)) is { } range ? [range.Network.ToString()] : [],
        };

    public static RedirectBlock Unchecked(string host) =>
        new(RedirectRefusal.Unchecked, $"{host} was not resolved and checked first") { Names = [host] };

    /// <summary>The refusal as a finding's values, about the site <paramref name="host"/>.</summary>
    public FindingValues Values(string host) => new()
    {
        Host = host,
        Error = Reason,
        Reason = WireNames.Of(Kind),
        Address = Address,
        Port = Port,
        Names = Names,
        Failure = Failure,
    };
}
