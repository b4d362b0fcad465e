using Azure.Core;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Storage.Postgres;

/// <summary>
/// Azure Database for PostgreSQL with Microsoft Entra authentication: the password of each new physical connection
/// is an Entra access token for <see cref="PostgresStorageOptions.TokenScope"/>, from the app's managed identity
/// (or workload identity). A token is reused until <see cref="PostgresStorageOptions.TokenRefreshMargin"/> before it
/// expires, on the injected clock, so no connection is opened with an expired token; open connections stay open (the
/// server checks the token only at sign-in).
/// </summary>
internal sealed class PostgresEntraPasswordProvider(TokenCredential credential, string scope, TimeSpan refreshMargin, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _cached;

    /// <summary>For Npgsql's synchronous opens (the bot opens asynchronously; kept for completeness).</summary>
    public string GetPassword() => GetPasswordAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public async ValueTask<string> GetPasswordAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && time.GetUtcNow() < cached.RenewAfter)
        {
            return cached.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _cached;
            var now = time.GetUtcNow();
            if (cached is not null && now < cached.RenewAfter)
            {
                return cached.Token;
            }

            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
            var lifetime = token.ExpiresOn - now;
            var margin = lifetime > refreshMargin * 2 ? refreshMargin : lifetime / 2;
            _cached = new CachedToken(token.Token, now + lifetime - margin);
            Log.PostgresTokenAcquired(logger, token.ExpiresOn);
            return token.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed record CachedToken(string Token, DateTimeOffset RenewAfter);
}
