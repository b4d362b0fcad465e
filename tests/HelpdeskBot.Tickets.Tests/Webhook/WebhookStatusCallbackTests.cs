using HelpdeskBot.Tickets.Webhook;

namespace HelpdeskBot.Tickets.Tests.Webhook;

public sealed class WebhookStatusCallbackTests
{
    /// <summary>
    /// The signature recipe of docs/webhook.md, computed independently with Python's hmac module:
    /// <c>"sha256=" + hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()</c>.
    /// </summary>
    [Fact]
    public void Signature_is_the_documented_hmac_of_timestamp_dot_body()
        => Assert.Equal(
            "sha256=1012b60492da69cc89f1d4ca55f3e78bdcce17775d349ec3ee6ff61b7f728d0c",
            WebhookStatusCallback.Sign("whsec-callback-0123456789abcdef-never-log", 1764064800, "{}"u8));
}
