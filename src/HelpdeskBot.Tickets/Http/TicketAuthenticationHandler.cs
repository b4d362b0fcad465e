using System.Net.Http.Headers;
using System.Text;

namespace HelpdeskBot.Tickets.Http;

/// <summary>
/// Adds the provider's Authorization header to every outgoing request. The credential is read per request
/// (options can be reloaded, e.g. a rotated Key Vault secret) and never logged: the HttpClient logs of ticket
/// clients redact every header value.
/// </summary>
internal sealed class TicketAuthenticationHandler : DelegatingHandler
{
    private readonly Func<AuthenticationHeaderValue?> _header;

    public TicketAuthenticationHandler(Func<AuthenticationHeaderValue?> header) => _header = header;

    /// <summary>RFC 7617 basic credentials: base64(user ":" password), UTF-8.</summary>
    public static AuthenticationHeaderValue Basic(string user, string password)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>RFC 6750 bearer token.</summary>
    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _header();
        return base.SendAsync(request, cancellationToken);
    }
}
