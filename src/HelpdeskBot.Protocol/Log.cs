using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Protocol;

/// <summary>Log messages of the protocol layer (event ids 2000–2099). Never tokens, Authorization or message text above Debug.</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Warning, "Activity rejected: authentication failed ({Reason}) from {RemoteIp}")]
    public static partial void AuthenticationFailed(ILogger logger, string reason, string? remoteIp);

    [LoggerMessage(2001, LogLevel.Information, "Activity rejected: malformed ({Reason})")]
    public static partial void MalformedActivity(ILogger logger, string reason);

    [LoggerMessage(2002, LogLevel.Warning, "Activity rejected: body larger than {Limit} bytes")]
    public static partial void BodyTooLarge(ILogger logger, long limit);

    [LoggerMessage(2003, LogLevel.Debug, "Activity {Type}/{Name} routed to {Route}")]
    public static partial void Routed(ILogger logger, string? type, string? name, string route);

    [LoggerMessage(2004, LogLevel.Debug, "Activity {Type}/{Name} matched no route; ignored")]
    public static partial void Unrouted(ILogger logger, string? type, string? name);

    [LoggerMessage(2005, LogLevel.Error, "Handler of route {Route} failed")]
    public static partial void HandlerFailed(ILogger logger, string route, Exception exception);

    [LoggerMessage(2006, LogLevel.Debug, "Message text: {Text}")]
    public static partial void MessageText(ILogger logger, string text);

    [LoggerMessage(2007, LogLevel.Warning, "Anonymous local mode: request from non-loopback address {RemoteIp} rejected")]
    public static partial void AnonymousNotLoopback(ILogger logger, string? remoteIp);

    [LoggerMessage(2008, LogLevel.Warning, "Anonymous local mode: no MicrosoftAppId, activities are not authenticated and only loopback callers are accepted. Never run like this in production.")]
    public static partial void AnonymousMode(ILogger logger);

    [LoggerMessage(2010, LogLevel.Warning, "Not sending the bot token to {ServiceUrl}: not seen in an authenticated activity")]
    public static partial void UntrustedServiceUrl(ILogger logger, string serviceUrl);

    [LoggerMessage(2011, LogLevel.Warning, "Bot Connector {Method} failed with {Status} {Code} (correlation {CorrelationId})")]
    public static partial void ConnectorCallFailed(ILogger logger, string? method, int status, string? code, string? correlationId);

    [LoggerMessage(2012, LogLevel.Debug, "Connector token acquired, expires {ExpiresOn}")]
    public static partial void ConnectorTokenAcquired(ILogger logger, DateTimeOffset expiresOn);

    [LoggerMessage(2013, LogLevel.Error, "Could not acquire a Bot Connector token: {ErrorCode}")]
    public static partial void ConnectorTokenFailed(ILogger logger, string errorCode);

    [LoggerMessage(2014, LogLevel.Warning, "Connector call retry {Attempt} after {Delay} ({Outcome})")]
    public static partial void ConnectorRetry(ILogger logger, int attempt, TimeSpan delay, string outcome);

    [LoggerMessage(2020, LogLevel.Error, "Background work failed")]
    public static partial void BackgroundWorkFailed(ILogger logger, Exception exception);


    [LoggerMessage(2030, LogLevel.Information, "Activity redelivered: answered {Status} again, the turn is not run twice")]
    public static partial void Redelivered(ILogger logger, int status);

    [LoggerMessage(2031, LogLevel.Warning, "Activity redelivered while its first delivery is still running after {Wait}; not run twice")]
    public static partial void RedeliveredWhileRunning(ILogger logger, TimeSpan wait);

    [LoggerMessage(2032, LogLevel.Warning, "Activity ledger unavailable; the turn runs without redelivery protection")]
    public static partial void LedgerUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(2033, LogLevel.Information, "Activity rejected: unsupported Content-Type {ContentType}")]
    public static partial void UnsupportedContentType(ILogger logger, string? contentType);

    [LoggerMessage(2034, LogLevel.Error, "Activity endpoint failed unexpectedly")]
    public static partial void EndpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(2035, LogLevel.Warning, "Not sending to {ServiceUrl}: anonymous local mode sends only to loopback service URLs")]
    public static partial void AnonymousNonLoopbackServiceUrl(ILogger logger, string serviceUrl);
}
