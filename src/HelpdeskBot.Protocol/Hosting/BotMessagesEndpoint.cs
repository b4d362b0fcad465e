using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Authentication;
using HelpdeskBot.Protocol.Connector;
using HelpdeskBot.Protocol.Routing;
using HelpdeskBot.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Hosting;

/// <summary>
/// <c>POST /api/messages</c>: authenticate (before the body is even parsed), read with a size limit, parse,
/// check the activity against the token, route, and answer: 200 empty for non-invokes, the invoke response for
/// invokes, 400 malformed, 401 any authentication failure (no detail), 413 too large.
/// </summary>
internal sealed class BotMessagesEndpoint(
    BotTokenValidator validator,
    IOptions<BotCredentialsOptions> credentials,
    IOptions<BotMessagesOptions> options,
    ITrustedServiceUrls trustedServiceUrls,
    ActivityRouter router,
    IBotHandler handler,
    IConnectorClient connector,
    IBackgroundWorkQueue backgroundWork,
    ILogger<BotMessagesEndpoint> logger)
{
    private readonly bool _anonymous = credentials.Value.IsAnonymous;
    private readonly int _maxBody = options.Value.MaxRequestBodyBytes;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;

        // 1. Who is calling. Unauthenticated callers never get their body parsed.
        TokenCheck check;
        if (_anonymous)
        {
            var remote = context.Connection.RemoteIpAddress;
            if (remote is null || !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
            {
                Log.AnonymousNotLoopback(logger, remote?.ToString());
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            check = TokenCheck.Anonymous;
        }
        else
        {
            check = await validator.ValidateAsync(request.Headers.Authorization.ToString(), aborted).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                Log.AuthenticationFailed(logger, check.FailureReason ?? "unknown", context.Connection.RemoteIpAddress?.ToString());
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
        }

        // 2. Read the body within the limit.
        if (request.ContentLength > _maxBody)
        {
            Log.BodyTooLarge(logger, _maxBody);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = _maxBody;
        }

        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(aborted).ConfigureAwait(false);
                if (read.Buffer.Length > _maxBody)
                {
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    Log.BodyTooLarge(logger, _maxBody);
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }

                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Log.BodyTooLarge(logger, _maxBody);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        // 3. Parse.
        Activity? activity;
        try
        {
            activity = Parse(read.Buffer);
        }
        catch (JsonException)
        {
            activity = null;
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }

        var malformed = activity is null ? "not a JSON activity" : Validate(activity);
        if (malformed is not null)
        {
            Log.MalformedActivity(logger, malformed);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // 4. The token must vouch for this activity (serviceurl claim, channel endorsement).
        if (TokenCheckFailure(check, activity!) is { } failure) // not null: checked above
        {
            Log.AuthenticationFailed(logger, failure, context.Connection.RemoteIpAddress?.ToString());
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // Counted only once authenticated: forged or malformed requests never reach the metric.
        HelpdeskBotTelemetry.ActivitiesReceived.Add(1, new KeyValuePair<string, object?>("type", activity!.Type ?? "unknown"));
        await RouteAsync(context, activity!, check, aborted).ConfigureAwait(false);
    }

    private static Activity? Parse(ReadOnlySequence<byte> body)
    {
        var json = new Utf8JsonReader(body);
        return JsonSerializer.Deserialize(ref json, ProtocolJsonContext.Default.Activity);
    }

    private static string? Validate(Activity activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "type missing";
        }

        if (string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            return "serviceUrl missing";
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "serviceUrl not an absolute http(s) URL";
        }

        return null;
    }

    private string? TokenCheckFailure(TokenCheck check, Activity activity)
    {
        var failure = BotTokenValidator.CheckActivity(check, activity);
        if (failure is null && BotTokenValidator.VouchesForServiceUrl(check, activity))
        {
            trustedServiceUrls.Trust(activity.ServiceUrl!); // validated above
        }

        return failure;
    }

    private async Task RouteAsync(HttpContext context, Activity activity, TokenCheck check, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new ActivityLogScope(activity.Conversation?.Id, activity.Id));
        // The turn's span: Teams ids only (no names, no text, no token). Background work stores its traceparent.
        using var span = HelpdeskBotTelemetry.StartActivity("teams.turn");
        span?.SetTag(HelpdeskBotTags.TeamsActivityId, activity.Id);
        span?.SetTag(HelpdeskBotTags.ActivityType, activity.Name is { Length: > 0 } name ? $"{activity.Type}/{name}" : activity.Type);
        span?.SetTag(HelpdeskBotTags.TeamsConversationId, activity.Conversation?.Id);
        var route = router.Find(activity);
        var isInvoke = string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.OrdinalIgnoreCase);
        if (route is null)
        {
            Log.Unrouted(logger, activity.Type, activity.Name);
            context.Response.StatusCode = isInvoke ? StatusCodes.Status501NotImplemented : StatusCodes.Status200OK;
            return;
        }

        Log.Routed(logger, activity.Type, activity.Name, route.Name);
        var text = MentionText.StripBotMention(activity, activity.Recipient?.Id);
        if (logger.IsEnabled(LogLevel.Debug) && text.Length > 0)
        {
            Log.MessageText(logger, text);
        }

        var turn = new TurnContext(activity, text, ConversationReference.FromActivity(activity), !check.IsAnonymous, connector, backgroundWork);
        InvokeResponse? response;
        try
        {
            response = await route.HandleAsync(handler, turn, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // The channel gave up on the request; nothing to answer.
        }
        catch (Exception e)
        {
            Log.HandlerFailed(logger, route.Name, e);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            // Invokes get a Universal Actions error the client shows; other activities a bare 500 (no detail).
            response = isInvoke ? InvokeResponse.Error(500, "InternalError", "Something went wrong. Please try again.") : null;
            if (!isInvoke)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }
        }

        if (!isInvoke)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        response ??= InvokeResponse.NotImplemented;
        context.Response.StatusCode = response.Status;
        if (response.Body is not null)
        {
            await context.Response.WriteAsJsonAsync(response.Body, ProtocolJsonContext.Default.AdaptiveCardInvokeResponse, contentType: "application/json; charset=utf-8", cancellationToken).ConfigureAwait(false);
        }
    }
}
