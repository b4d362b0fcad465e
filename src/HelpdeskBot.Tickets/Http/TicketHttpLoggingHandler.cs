using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Tickets.Http;

/// <summary>
/// Logs each ticket API call as method, path (no query), status and time — never a header. It replaces the
/// factory's default HttpClient loggers: their Trace "Request Headers" entry redacts values in the message
/// but hands the raw Authorization value to structured-logging sinks in its state.
/// </summary>
internal sealed class TicketHttpLoggingHandler : DelegatingHandler
{
    private readonly string _provider;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public TicketHttpLoggingHandler(string provider, ILogger<TicketHttpLoggingHandler> logger, TimeProvider time)
    {
        _provider = provider;
        _logger = logger;
        _time = time;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Log.HttpCall(_logger, _provider, request.Method.Method, path, (int)response.StatusCode, _time.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Log.HttpCallFailed(_logger, _provider, request.Method.Method, path, ex.GetType().Name, _time.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
