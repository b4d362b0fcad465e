using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Protocol.Authentication;

/// <summary>
/// Signing keys of one OpenID metadata source, by kid, with the Bot Framework <c>endorsements</c> of each key
/// (the channel ids the key may sign for; not exposed by <c>OpenIdConnectConfiguration</c>, so read from the raw JWKS).
/// </summary>
internal sealed class BotOpenIdConfiguration(IReadOnlyDictionary<string, SecurityKey> keys, IReadOnlyDictionary<string, string[]> endorsements, long generation)
{
    public IReadOnlyDictionary<string, SecurityKey> Keys { get; } = keys;

    /// <summary>kid → endorsements; a key absent here had no <c>endorsements</c> array.</summary>
    public IReadOnlyDictionary<string, string[]> Endorsements { get; } = endorsements;

    /// <summary>Increases with every fetch, to tell a newer configuration from an older one.</summary>
    public long Generation { get; } = generation;
}
