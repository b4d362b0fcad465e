using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using HelpdeskBot.Protocol.Activities;
using HelpdeskBot.Protocol.Authentication;
using HelpdeskBot.Protocol.Connector;
using HelpdeskBot.Protocol.Idempotency;
using HelpdeskBot.Protocol.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Hosting;

/// <summary>
/// <c>POST /api/messages</c>: authenticate (before the body is even parsed), check the media type, read with a
/// size limit, parse, check the activity against the token, claim it (a redelivery gets the first answer), route,
/// and answer: 200 empty for non-invokes, the invoke response for invokes, 401 any authentication failure (no
/// detail); every bad input an RFC 7807 problem — 400 malformed, 413 too large, 415 not JSON — never a 500.
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
    ActivityIdempotency idempotency,
    IHostApplicationLifetime lifetime,
    ILogger<BotMessagesEndpoint> logger)
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private readonly bool _anonymous = credentials.Value.IsAnonymous;
    private readonly int _maxBody = options.Value.MaxRequestBodyBytes;

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await HandleCoreAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away while the body was read or a redelivery waited; nothing to answer.
        }
        catch (Exception e)
        {
            // The boundary: logged once, answered without detail (no stack trace, also in Development).
            Log.EndpointFailed(logger, e);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ProblemAsync(context, StatusCodes.Status500InternalServerError, "The activity could not be handled", "Something went wrong on the bot's side; it has been logged.").ConfigureAwait(false);
            }
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
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

        // 2. The body must say it is JSON (the Bot Service sends application/json; charset=utf-8).
        if (!ActivityJson.IsJsonContentType(request.ContentType))
        {
            Log.UnsupportedContentType(logger, request.ContentType);
            await ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "The activity must be JSON", "Send the activity with Content-Type: application/json (UTF-8).").ConfigureAwait(false);
            return;
        }

        // 3. Read the body within the limit.
        if (await ReadBodyAsync(context, aborted).ConfigureAwait(false) is not { } read)
        {
            Log.BodyTooLarge(logger, _maxBody);
            await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "The activity is too large", $"Activities are limited to {_maxBody} bytes (Bot:MaxRequestBodyBytes).").ConfigureAwait(false);
            return;
        }

        // 4. Parse and check it is complete.
        Activity? activity;
        string? malformed;
        try
        {
            activity = ActivityJson.Parse(read.Buffer, out malformed);
        }
        finally
        {
            request.BodyReader.AdvanceTo(read.Buffer.End);
        }

        malformed ??= ActivityValidation.Problem(activity!, loopbackServiceUrlOnly: _anonymous); // parsed when no problem
        if (malformed is not null)
        {
            Log.MalformedActivity(logger, malformed);
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "The activity is malformed", malformed).ConfigureAwait(false);
            return;
        }

        // 5. The token must vouch for this activity (serviceurl claim, channel endorsement).
        if (TokenCheckFailure(check, activity!) is { } failure) // not null: checked above
        {
            Log.AuthenticationFailed(logger, failure, context.Connection.RemoteIpAddress?.ToString());
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // Counted only once authenticated: forged or malformed requests never reach the metric.
        ProtocolTelemetry.ActivitiesReceived.Add(1, new KeyValuePair<string, object?>("type", activity!.Type ?? "unknown"));

        // 6. At most one turn per activity (conversation id + activity id): a redelivery gets the first answer.
        var isInvoke = string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.OrdinalIgnoreCase);
        var turn = string.IsNullOrEmpty(activity.Id)
            ? ActivityTurn.Unguarded
            : await idempotency.BeginAsync(new ActivityKey(activity.Conversation!.Id!, activity.Id), aborted).ConfigureAwait(false); // validated
        ActivityAnswer? answer;
        switch (turn.Kind)
        {
            case ActivityTurnKind.Replay:
                answer = turn.Answer;
                break;
            case ActivityTurnKind.StillRunning:
                // The first delivery answers the user itself (replies go through the connector); an invoke's
                // answer is not known yet, so the client shows a retry message rather than a second run.
                answer = isInvoke ? Serialize(InvokeResponse.Error(503, "StillWorking", "Still working on this. Please try again in a moment.")) : new ActivityAnswer(StatusCodes.Status200OK, null);
                break;
            default:
                answer = await RouteAsync(activity, check, isInvoke).ConfigureAwait(false);
                await idempotency.EndAsync(turn, answer).ConfigureAwait(false);
                break;
        }

        await AnswerAsync(context, answer, isInvoke).ConfigureAwait(false);
    }

    /// <summary>The whole body, or null when it is larger than the limit.</summary>
    private async Task<ReadResult?> ReadBodyAsync(HttpContext context, CancellationToken aborted)
    {
        var request = context.Request;
        if (request.ContentLength > _maxBody)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = _maxBody;
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(aborted).ConfigureAwait(false);
                if (read.Buffer.Length > _maxBody)
                {
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    return null;
                }

                if (read.IsCompleted || read.IsCanceled)
                {
                    return read;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
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

    /// <summary>
    /// Runs the turn and says what to answer; null when the handler failed or the host is stopping (nothing is
    /// recorded then, so a redelivery is handled afresh). The turn runs to its end even when the caller hangs up:
    /// a channel that gave up redelivers, and the redelivery must find the answer, not half a turn.
    /// </summary>
    private async Task<ActivityAnswer?> RouteAsync(Activity activity, TokenCheck check, bool isInvoke)
    {
        var cancellationToken = lifetime.ApplicationStopping;
        using var scope = logger.BeginScope(new ActivityLogScope(activity.Conversation?.Id, activity.Id));
        // The turn's span: Teams ids only (no names, no text, no token). Background work stores its traceparent.
        using var span = ProtocolTelemetry.ActivitySource.StartActivity("teams.turn");
        span?.SetTag(ProtocolTelemetry.TeamsActivityId, activity.Id);
        span?.SetTag(ProtocolTelemetry.ActivityType, activity.Name is { Length: > 0 } name ? $"{activity.Type}/{name}" : activity.Type);
        span?.SetTag(ProtocolTelemetry.TeamsConversationId, activity.Conversation?.Id);
        var route = router.Find(activity);
        if (route is null)
        {
            // An invoke nobody handles: 501, as the Bot Framework SDK answers (protocol README §6).
            Log.Unrouted(logger, activity.Type, activity.Name);
            return new ActivityAnswer(isInvoke ? StatusCodes.Status501NotImplemented : StatusCodes.Status200OK, null);
        }

        Log.Routed(logger, activity.Type, activity.Name, route.Name);
        var text = TurnText.Of(activity);
        if (logger.IsEnabled(LogLevel.Debug) && text.Plain.Length > 0)
        {
            Log.MessageText(logger, text.Plain);
        }

        var turn = new TurnContext(activity, text, ConversationReference.FromActivity(activity), !check.IsAnonymous, connector, backgroundWork);
        try
        {
            var response = await route.HandleAsync(handler, turn, cancellationToken).ConfigureAwait(false);
            return isInvoke ? Serialize(response ?? InvokeResponse.NotImplemented) : new ActivityAnswer(StatusCodes.Status200OK, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null; // Host stopping: the turn did not finish.
        }
        catch (Exception e)
        {
            Log.HandlerFailed(logger, route.Name, e);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            return null;
        }
    }

    private static ActivityAnswer Serialize(InvokeResponse response) => new(
        response.Status,
        response.Body is null ? null : JsonSerializer.Serialize(response.Body, ProtocolJsonContext.Default.AdaptiveCardInvokeResponse));

    private async Task AnswerAsync(HttpContext context, ActivityAnswer? answer, bool isInvoke)
    {
        if (answer is null)
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                await ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "The bot is stopping", "The activity was not handled; send it again.").ConfigureAwait(false);
                return;
            }

            // Invokes get a Universal Actions error the client shows; other activities a bare 500 (no detail).
            if (!isInvoke)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            answer = Serialize(InvokeResponse.Error(500, "InternalError", "Something went wrong. Please try again."));
        }

        context.Response.StatusCode = answer.Status;
        if (answer.Body is not null)
        {
            context.Response.ContentType = JsonContentType;
            await context.Response.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Task ProblemAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
}
