using System.Net;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>The connector answered with an error status (after retries for transient ones).</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(HttpStatusCode statusCode, string? errorCode, string message, string? correlationId = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        CorrelationId = correlationId;
        RetryAfter = retryAfter;
    }

    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary><c>error.code</c> of the connector's ErrorResponse, e.g. <c>MessageSizeTooBig</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The <c>X-Correlating-OperationId</c> header, for support cases with Microsoft.</summary>
    public string? CorrelationId { get; }

    /// <summary>The connector's <c>Retry-After</c> (seconds or a date), on 429 and some 5xx answers.</summary>
    public TimeSpan? RetryAfter { get; }
}
