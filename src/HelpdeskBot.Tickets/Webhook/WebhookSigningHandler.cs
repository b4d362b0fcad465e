using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HelpdeskBot.Tickets.Webhook;

/// <summary>
/// Signs each webhook request: <c>X-HelpdeskBot-Signature: sha256=&lt;hex HMAC-SHA256(secret, body)&gt;</c> and
/// <c>X-HelpdeskBot-Timestamp</c> (Unix seconds, also inside the signed body as <c>sentAt</c>, so a receiver can
/// reject replays). See docs/webhook.md.
/// </summary>
internal sealed class WebhookSigningHandler : DelegatingHandler
{
    public const string SignatureHeader = "X-HelpdeskBot-Signature";
    public const string TimestampHeader = "X-HelpdeskBot-Timestamp";
    private readonly Func<string?> _secret;
    private readonly TimeProvider _time;

    public WebhookSigningHandler(Func<string?> secret, TimeProvider time)
    {
        _secret = secret;
        _time = time;
    }

    public static string Sign(string secret, ReadOnlySpan<byte> body)
        => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var secret = _secret() ?? throw new InvalidOperationException("Tickets:Webhook:Secret is not set.");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Remove(SignatureHeader);
        request.Headers.Remove(TimestampHeader);
        request.Headers.Add(SignatureHeader, Sign(secret, body));
        request.Headers.Add(TimestampHeader, _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
