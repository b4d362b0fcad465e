using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Protocol.Authentication;

/// <summary>
/// Reads an OpenID metadata document, then its <c>jwks_uri</c>, keeping each key's <c>endorsements</c>. Used by
/// <c>ConfigurationManager&lt;BotOpenIdConfiguration&gt;</c>, which caches and refreshes. Each completed fetch is
/// also published (<see cref="Latest"/>, <see cref="NextFetch"/>) so a refresh forced by an unknown kid can be
/// awaited instead of failing the request that revealed the rotation.
/// </summary>
internal sealed class BotOpenIdConfigurationRetriever : IConfigurationRetriever<BotOpenIdConfiguration>
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<BotOpenIdConfiguration> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _generation;

    /// <summary>The configuration of the most recent successful fetch.</summary>
    public BotOpenIdConfiguration? Latest { get; private set; }

    /// <summary>Completes when the next fetch after this call succeeds.</summary>
    public Task<BotOpenIdConfiguration> NextFetch
    {
        get
        {
            lock (_gate)
            {
                return _next.Task;
            }
        }
    }

    public async Task<BotOpenIdConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var metadata = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        string jwksUri;
        using (var doc = JsonDocument.Parse(metadata))
        {
            jwksUri = doc.RootElement.TryGetProperty("jwks_uri", out var uri) && uri.ValueKind == JsonValueKind.String
                ? uri.GetString()!
                : throw new InvalidOperationException($"OpenID metadata at {address} has no jwks_uri.");
        }

        var jwks = await retriever.GetDocumentAsync(jwksUri, cancel).ConfigureAwait(false);
        var keys = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
        foreach (var key in new JsonWebKeySet(jwks).GetSigningKeys())
        {
            if (!string.IsNullOrEmpty(key.KeyId))
            {
                keys[key.KeyId] = key;
            }
        }

        var endorsements = ReadEndorsements(jwks);
        BotOpenIdConfiguration configuration;
        TaskCompletionSource<BotOpenIdConfiguration> completed;
        lock (_gate)
        {
            configuration = new BotOpenIdConfiguration(keys, endorsements, ++_generation);
            Latest = configuration;
            completed = _next;
            _next = new TaskCompletionSource<BotOpenIdConfiguration>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        completed.TrySetResult(configuration);
        return configuration;
    }

    private static Dictionary<string, string[]> ReadEndorsements(string jwks)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(jwks);
        if (!doc.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind == JsonValueKind.Object
                && key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                && key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                result[kid.GetString()!] = [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
            }
        }

        return result;
    }
}
