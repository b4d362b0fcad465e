using System.Text.Json.Nodes;

namespace HelpdeskBot.Tickets.Http;

/// <summary>A provider's view of its named HttpClient: JSON in, JSON out, errors as <see cref="TicketProviderException"/>.</summary>
internal sealed class TicketApiClient
{
    private readonly IHttpClientFactory _factory;
    private readonly TimeProvider _time;

    public TicketApiClient(IHttpClientFactory factory, TimeProvider time, string provider)
    {
        _factory = factory;
        _time = time;
        Provider = provider;
    }

    public string Provider { get; }

    /// <summary>A client from the factory per call, so handlers rotate (DNS changes are seen).</summary>
    public Task<JsonNode?> SendAsync(HttpMethod method, string relativeUrl, JsonNode? body, CancellationToken cancellationToken, bool safe = false, Action<HttpRequestMessage>? configure = null)
        => TicketHttp.SendAsync(_factory.CreateClient(Provider), Provider, _time, method, relativeUrl, body, cancellationToken, safe, configure);

    /// <summary>Reads a string (or number) property, or throws naming what was missing from the answer.</summary>
    public string Required(JsonNode? node, string what)
    {
        var value = node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        return string.IsNullOrEmpty(value) ? throw new TicketProviderException(Provider, $"the answer has no {what}") : value;
    }
}
