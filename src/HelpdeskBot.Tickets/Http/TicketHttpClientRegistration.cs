using System.Net;
using HelpdeskBot.Tickets.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace HelpdeskBot.Tickets.Http;

/// <summary>
/// One named HttpClient per provider: base address, auth handler, redacted header logs and a resilience
/// pipeline of its own (timeout, retry with jitter honouring Retry-After, circuit breaker), so a failing
/// ServiceNow opens only ServiceNow's breaker.
/// </summary>
internal static class TicketHttpClientRegistration
{
    public static IHttpClientBuilder AddTicketHttpClient(
        this IServiceCollection services,
        string name,
        Func<IServiceProvider, Uri?> baseAddress,
        Func<IServiceProvider, DelegatingHandler> authHandler)
    {
        var builder = services.AddHttpClient(name, (sp, client) =>
        {
            if (baseAddress(sp) is { } uri)
            {
                client.BaseAddress = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
            }

            // The resilience pipeline's timeouts govern, driven by TimeProvider.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("HelpdeskBot/1.0");
            client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        });
        // Our own request log first (outermost), then the credential; the default loggers are removed because
        // their header log state carries the raw Authorization value (see TicketHttpLoggingHandler).
        builder.RemoveAllLoggers();
        builder.AddHttpMessageHandler(sp => new TicketHttpLoggingHandler(name, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TicketHttpLoggingHandler>>(), sp.GetRequiredService<TimeProvider>()));
        builder.AddHttpMessageHandler(authHandler);
        builder.RedactLoggedHeaders(_ => true);
        builder.AddResilienceHandler("tickets-" + name, (pipeline, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<TicketsOptions>>().Value.Resilience;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.TimeProvider = time;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, o.MaxRetryAttempts),
                Delay = o.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(o.MaxRetryAttempts > 0 && ShouldRetry(args.Outcome, args.Context, o.MaxRetryAfter, time)),
                OnRetry = args =>
                {
                    TicketsTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("client", name), new KeyValuePair<string, object?>("reason", RetryReason(args.Outcome)));
                    return ValueTask.CompletedTask;
                },
            });
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = o.BreakerSamplingDuration,
                BreakDuration = o.BreakDuration,
            });
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = o.AttemptTimeout });
        });
        return builder;
    }

    /// <summary>Low-cardinality reason tag: 429, 5xx, another status code, timeout (an attempt's own) or transport.</summary>
    private static string RetryReason(Outcome<HttpResponseMessage> outcome) => outcome.Result is { } response
        ? (int)response.StatusCode switch
        {
            429 => "429",
            >= 500 => "5xx",
            var code => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }
        : outcome.Exception is Polly.Timeout.TimeoutRejectedException ? "timeout" : "transport";

    /// <summary>
    /// Safe requests (GET, searches) retry on any transient failure. A create or comment (POST/PUT) retries
    /// only on 429 — the system says it did not process it — because after a 500 or a timeout the ticket may
    /// exist; the outbox then asks the provider before trying again, so a retry never files a second ticket.
    /// A Retry-After longer than <paramref name="maxRetryAfter"/> is left to the outbox.
    /// </summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } throttled)
        {
            return TicketHttp.RetryAfter(throttled, time) is not { } wait || wait <= maxRetryAfter;
        }

        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        var method = context.GetRequestMessage()?.Method ?? outcome.Result?.RequestMessage?.Method;
        if (outcome.Result?.Headers.RetryAfter is { } _ && TicketHttp.RetryAfter(outcome.Result, time) > maxRetryAfter)
        {
            return false;
        }

        return method == HttpMethod.Get || method == HttpMethod.Head || TicketHttp.IsMarkedSafe(context.GetRequestMessage());
    }
}
