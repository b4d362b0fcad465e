using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HelpdeskBot.Tickets.Http;

/// <summary>The JSON request/response plumbing every HTTP provider shares; errors become <see cref="TicketProviderException"/>.</summary>
internal static class TicketHttp
{
    private static readonly HttpRequestOptionsKey<bool> SafeKey = new("HelpdeskBot.Tickets.Safe");

    /// <summary>Marks a POST that only reads (a search), so the resilience pipeline may retry it like a GET.</summary>
    public static void MarkSafe(HttpRequestMessage request) => request.Options.Set(SafeKey, true);

    public static bool IsMarkedSafe(HttpRequestMessage? request) => request is not null && request.Options.TryGetValue(SafeKey, out var safe) && safe;

    public static async Task<JsonNode?> SendAsync(HttpClient client, string provider, TimeProvider time, HttpMethod method, string relativeUrl, JsonNode? body, CancellationToken cancellationToken, bool safe = false, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, relativeUrl);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (safe)
        {
            MarkSafe(request);
        }

        configure?.Invoke(request);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new TicketProviderException(
                provider,
                $"{method} {PathOnly(relativeUrl)} answered {(int)response.StatusCode} {response.ReasonPhrase}{Snippet(text)}",
                (int)response.StatusCode,
                RetryAfter(response, time));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new TicketProviderException(provider, $"{method} {PathOnly(relativeUrl)} answered {(int)response.StatusCode} with a body that is not JSON", (int)response.StatusCode, inner: ex);
        }
    }

    /// <summary>Retry-After as delta-seconds or HTTP date (RFC 9110 §10.2.3).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    public static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary>
    /// A text property of an answer; null when absent, JSON null or not a string (a ticket system's answer is not
    /// trusted to have the documented types: a number where text belongs reads as absent instead of throwing).
    /// </summary>
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The path without the query (a query can hold search terms, never needed in an error).</summary>
    private static string PathOnly(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? url : url[..q];
    }

    /// <summary>The start of an error body: the systems explain their 4xx there ("Field 'x' is required").</summary>
    private static string Snippet(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return ": " + (oneLine.Length > 300 ? oneLine[..300] + "…" : oneLine);
    }

    public static bool IsStatus(TicketProviderException ex, HttpStatusCode code) => ex.StatusCode == (int)code;

    /// <summary>
    /// A ticket system's time stamp: ISO 8601 (Zendesk "2026-11-30T10:40:00Z"), Jira's offset without a colon
    /// ("2026-11-30T10:40:00.000+0000") or ServiceNow's "2026-11-30 10:40:00" in UTC; null when absent or not a time.
    /// </summary>
    public static DateTimeOffset? Time(JsonNode? node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Trim() is not { Length: > 0 } s)
        {
            return null;
        }

        if (s.Length > 5 && s[^5] is '+' or '-' && !s[^4..].Contains(':', StringComparison.Ordinal))
        {
            s = s[..^2] + ":" + s[^2..];
        }

        return DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }
}
