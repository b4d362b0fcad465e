using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HelpdeskBot.Protocol.Activities;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>
/// Typed HttpClient for the Bot Connector REST API (protocol README §2). Token and retries come from the
/// handlers configured in <c>AddHelpdeskBotProtocol</c>: resilience (timeouts, retry with jitter honouring
/// Retry-After) outside, <see cref="ConnectorAuthenticationHandler"/> inside, so every attempt has a fresh token.
/// </summary>
internal sealed class ConnectorClient(HttpClient http, ILogger<ConnectorClient> logger, TimeProvider time) : IConnectorClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private static readonly Activity TypingActivity = Activity.CreateTyping();

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Url(serviceUrl, conversationId, null), activity, ProtocolJsonContext.Default.Activity, ProtocolJsonContext.Default.ResourceResponse, cancellationToken)!;

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Url(serviceUrl, conversationId, replyToId), activity, ProtocolJsonContext.Default.Activity, ProtocolJsonContext.Default.ResourceResponse, cancellationToken)!;

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, Url(serviceUrl, conversationId, activityId), activity, ProtocolJsonContext.Default.Activity, ProtocolJsonContext.Default.ResourceResponse, cancellationToken)!;

    public async Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Url(serviceUrl, conversationId, activityId));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendTypingAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, Url(serviceUrl, conversationId, null), TypingActivity, ProtocolJsonContext.Default.Activity, ProtocolJsonContext.Default.ResourceResponse, cancellationToken).ConfigureAwait(false);

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, new Uri(Base(serviceUrl) + "v3/conversations"), parameters, ProtocolJsonContext.Default.ConversationParameters, ProtocolJsonContext.Default.ConversationResourceResponse, cancellationToken)!;

    public async Task<IReadOnlyList<ChannelAccount>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base(serviceUrl) + "v3/conversations/" + Uri.EscapeDataString(conversationId) + "/members"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.ListChannelAccount, cancellationToken).ConfigureAwait(false) ?? [];
    }

    private async Task<TResponse> SendAsync<TBody, TResponse>(HttpMethod method, Uri url, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : new()
    {
        // Serialized once to bytes: a known Content-Length (no chunking) and a body every retry can resend.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType));
        content.Headers.ContentType = JsonMediaType;
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return new TResponse();
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false) ?? new TResponse();
        }
        catch (JsonException)
        {
            // Some connectors answer 200/201 with an empty or non-JSON body; the send itself succeeded.
            return new TResponse();
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? code = null;
        string? message = null;
        try
        {
            var error = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.ErrorResponse, cancellationToken).ConfigureAwait(false);
            code = error?.Error?.Code;
            message = error?.Error?.Message;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            // Not an ErrorResponse body: the status says enough.
        }

        var correlation = response.Headers.TryGetValues("X-Correlating-OperationId", out var values) ? values.FirstOrDefault() : null;
        Log.ConnectorCallFailed(logger, response.RequestMessage?.Method.Method, (int)response.StatusCode, code, correlation);
        throw new ConnectorException(response.StatusCode, code, $"Bot Connector answered {(int)response.StatusCode} {code}: {message}".TrimEnd(' ', ':'), correlation, RetryAfter(response));
    }

    /// <summary>Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or already past.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > time.GetUtcNow() => date - time.GetUtcNow(),
        _ => null,
    };

    private static string Base(string serviceUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);
        return serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/";
    }

    private static Uri Url(string serviceUrl, string conversationId, string? activityId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var url = Base(serviceUrl) + "v3/conversations/" + Uri.EscapeDataString(conversationId) + "/activities";
        if (!string.IsNullOrEmpty(activityId))
        {
            url += "/" + Uri.EscapeDataString(activityId);
        }

        return new Uri(url);
    }
}
