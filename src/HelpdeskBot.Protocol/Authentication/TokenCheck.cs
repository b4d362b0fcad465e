using System.Security.Claims;

namespace HelpdeskBot.Protocol.Authentication;

/// <summary>Outcome of checking the Authorization header (before the activity is read).</summary>
public sealed record TokenCheck
{
    public static TokenCheck Anonymous { get; } = new() { Succeeded = true, IsAnonymous = true };

    public bool Succeeded { get; init; }

    /// <summary>Anonymous local mode: no token, nothing trusted for outbound tokens.</summary>
    public bool IsAnonymous { get; init; }

    public ClaimsIdentity? Identity { get; init; }

    /// <summary>Channel ids the signing key is endorsed for; null when the key carried no endorsements (Entra keys).</summary>
    public IReadOnlyCollection<string>? Endorsements { get; init; }

    /// <summary>True when the token came from the Bot Framework channel issuer (then serviceurl and endorsements are required).</summary>
    public bool IsChannelToken { get; init; }

    /// <summary>Why it failed, for the log only (never sent to the caller).</summary>
    public string? FailureReason { get; init; }

    public static TokenCheck Fail(string reason) => new() { Succeeded = false, FailureReason = reason };
}
