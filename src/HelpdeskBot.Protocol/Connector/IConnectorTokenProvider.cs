namespace HelpdeskBot.Protocol.Connector;

/// <summary>Access tokens for the Bot Connector; null in anonymous local mode (no token is sent).</summary>
internal interface IConnectorTokenProvider
{
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>Anonymous local mode: never a token.</summary>
internal sealed class AnonymousConnectorTokenProvider : IConnectorTokenProvider
{
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
