using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Testing;

/// <summary>One request the bot made to the fake Bot Connector.</summary>
/// <param name="Method">HTTP verb.</param>
/// <param name="Path">Decoded path, e.g. <c>/v3/conversations/a:conv/activities/m1</c>.</param>
/// <param name="RawPath">Path as sent (escaped).</param>
/// <param name="BearerToken">The bearer token, or null when no Authorization header was sent.</param>
/// <param name="Body">The JSON body, or null.</param>
public sealed record ConnectorRequest(string Method, string Path, string RawPath, string? BearerToken, JsonNode? Body)
{
    /// <summary>The status the fake answered (2xx: the call succeeded).</summary>
    public int Status { get; init; } = 200;

    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>When the request arrived (on the rate limits' clock when they are enforced, else the system clock).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The id the fake answered a successful POST or PUT with (the activity's id), else null.</summary>
    public string? ResponseId { get; init; }

    /// <summary>Text of the activity body (<c>text</c>), if any.</summary>
    public string? Text => Body?["text"]?.GetValue<string>();

    /// <summary>The first Adaptive Card in the activity body, if any.</summary>
    public JsonNode? Card => Body?["attachments"]?.AsArray().FirstOrDefault(a => (string?)a?["contentType"] == "application/vnd.microsoft.card.adaptive")?["content"];
}

/// <summary>
/// A loopback fake of the Bot Connector REST API (<c>/v3/…</c>): records every request (verb, path, bearer token,
/// JSON body) and answers a ResourceResponse <c>{"id":"N"}</c>, or a scripted failure (429 with Retry-After, 5xx).
/// Use <see cref="ServiceUrl"/> as the activities' serviceUrl.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly ConcurrentQueue<ConnectorRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, TimeSpan? RetryAfter)> _failures = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<(string Id, string Name, string AadObjectId)>> _rosters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _deleted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _rosterFailures = new(StringComparer.Ordinal);
    private LoopbackServer? _server;
    private int _nextId;
    private (int Status, TimeSpan? RetryAfter)? _outage;
    private Limits? _limits;
    private int _throttled;
    private int _throttledPerThread;
    private Hold? _hold;

    private FakeConnector()
    {
    }

    /// <summary>http://127.0.0.1:port/ (with a trailing slash, as Teams sends serviceUrl).</summary>
    public string ServiceUrl => _server!.BaseAddress.ToString();

    public Uri BaseAddress => _server!.BaseAddress;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ConnectorRequest> Requests => [.. _requests];

    public static async Task<FakeConnector> StartAsync()
    {
        var fake = new FakeConnector();
        fake._server = await LoopbackServer.StartAsync(app => app.Map("/v3/{**rest}", fake.HandleAsync)).ConfigureAwait(false);
        return fake;
    }

    /// <summary>
    /// The members <c>GET /v3/conversations/{conversationId}/pagedmembers</c> pages through (a team's roster is read
    /// with the team id as the conversation id).
    /// </summary>
    public void SetRoster(string conversationId, params (string Id, string Name, string AadObjectId)[] members) => _rosters[conversationId] = members;

    /// <summary>Every members page of <paramref name="conversationId"/> answers <paramref name="status"/> until <see cref="RecoverRoster"/> (other requests succeed).</summary>
    public void FailRoster(string conversationId, int status) => _rosterFailures[conversationId] = status;

    public void RecoverRoster(string conversationId) => _rosterFailures.TryRemove(conversationId, out _);

    private (int Status, TimeSpan? RetryAfter)? RosterFailure(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value!.EndsWith("/pagedmembers", StringComparison.Ordinal)
            && _rosterFailures.TryGetValue(Uri.UnescapeDataString(context.Request.Path.Value!.Split('/')[3]), out var status)
            ? (status, null) : null;

    /// <summary>The next request answers <paramref name="status"/> (with Retry-After seconds when given) instead of success.</summary>
    public void FailNext(int status, TimeSpan? retryAfter = null) => _failures.Enqueue((status, retryAfter));

    /// <summary>Every request answers <paramref name="status"/> (with Retry-After when given) until <see cref="Recover"/>.</summary>
    public void FailAll(int status, TimeSpan? retryAfter = null) => _outage = (status, retryAfter);

    public void Recover() => _outage = null;

    /// <summary>
    /// Deletes a conversation as Teams does a channel or a thread: from now on every request to it (for a channel: to
    /// any of its threads, and a new thread in it) answers 404 ConversationNotFound.
    /// </summary>
    public void Delete(string conversationId) => _deleted[conversationId] = true;

    private bool IsDeleted(string path, JsonNode? body)
    {
        var conversation = path.Split('/') is { Length: > 3 } parts ? parts[3] : null;
        var channel = path == "/v3/conversations" ? (string?)body?["channelData"]?["channel"]?["id"] : null;
        return _deleted.Keys.Any(d => conversation is not null && (conversation == d || conversation.StartsWith(d + ";", StringComparison.Ordinal)) || channel == d);
    }

    /// <summary>
    /// The next request matching <paramref name="which"/> is held unanswered until <see cref="ReleaseHeld"/>, as a slow
    /// Teams would; when the bot gives up on it meanwhile (a stop cancels its send), it is recorded with status 499
    /// (client closed request) and never answered, so it counts as not sent. Returns that request once it is held.
    /// </summary>
    public Task<ConnectorRequest> HoldNext(Func<ConnectorRequest, bool> which)
    {
        var hold = new Hold(which);
        _hold = hold;
        return hold.Held.Task;
    }

    /// <summary>Lets the held request be answered (only the first match is held; later ones pass).</summary>
    public void ReleaseHeld() => _hold?.Released.TrySetResult();

    /// <summary>Refuses connections (the listener is closed) until <see cref="StartListeningAsync"/>.</summary>
    public async Task StopListeningAsync()
    {
        var server = _server!; // started in StartAsync
        await server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Listens again on the same port.</summary>
    public async Task StartListeningAsync() =>
        _server = await LoopbackServer.StartAsync(app => app.Map("/v3/{**rest}", HandleAsync), port: _server!.Port).ConfigureAwait(false);

    /// <summary>
    /// Answers 429 with Retry-After past Teams' limits, counted on <paramref name="clock"/>: more than
    /// <paramref name="perThreadPerSecond"/> sends to one conversation or <paramref name="perTenantPerSecond"/> to one
    /// tenant (the body's <c>conversation.tenantId</c>) within any second.
    /// </summary>
    public void EnforceRateLimits(TimeProvider clock, int perThreadPerSecond, int perTenantPerSecond, TimeSpan retryAfter) =>
        _limits = new Limits(clock, perThreadPerSecond, perTenantPerSecond, retryAfter);

    /// <summary>How many requests the rate limits answered with 429.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    /// <summary>How many of <see cref="Throttled"/> exceeded the per-thread limit (the rest, the per-tenant one only).</summary>
    public int ThrottledPerThread => Volatile.Read(ref _throttledPerThread);

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived in total (real time; a bounded wait for the bot's async work).</summary>
    public async Task<IReadOnlyList<ConnectorRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15), TimeProvider.System);
        while (_requests.Count < count)
        {
            await _arrived.WaitAsync(cts.Token).ConfigureAwait(false);
        }

        return Requests;
    }

    /// <summary>
    /// Waits until no request has arrived for <paramref name="quiet"/> (real time): a pause that lets background work catch
    /// up between steps of a fake clock. Never the wait before asserting that nothing more came (a late duplicate on a slow
    /// machine comes after any quiet spell): wait for the condition that ends the sends instead (the delivery rows drained).
    /// </summary>
    public async Task QuietAsync(TimeSpan quiet)
    {
        while (true)
        {
            try
            {
                await WaitForRequestsAsync(_requests.Count + 1, quiet).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>429 when this send would exceed the thread's or the tenant's sends in the last second; the send counts otherwise.</summary>
    private (int Status, TimeSpan? RetryAfter)? OverLimit(string path, JsonNode? body)
    {
        if (_limits is not { } limits || !path.StartsWith("/v3/conversations", StringComparison.Ordinal))
        {
            return null;
        }

        var now = limits.Clock.GetUtcNow();
        var thread = "t|" + (path.Split('/') is { Length: > 3 } parts ? parts[3] : "new");
        var tenant = "n|" + ((string?)body?["conversation"]?["tenantId"] ?? (string?)body?["tenantId"] ?? "?");
        lock (_windows)
        {
            var threadSends = Window(thread, now);
            var tenantSends = Window(tenant, now);
            if (threadSends.Count >= limits.PerThreadPerSecond || tenantSends.Count >= limits.PerTenantPerSecond)
            {
                Interlocked.Increment(ref _throttled);
                if (threadSends.Count >= limits.PerThreadPerSecond)
                {
                    Interlocked.Increment(ref _throttledPerThread);
                }

                return (429, limits.RetryAfter);
            }

            threadSends.Enqueue(now);
            tenantSends.Enqueue(now);
            return null;
        }
    }

    private Queue<DateTimeOffset> Window(string key, DateTimeOffset now)
    {
        if (!_windows.TryGetValue(key, out var sends))
        {
            sends = new Queue<DateTimeOffset>();
            _windows[key] = sends;
        }

        while (sends.Count > 0 && sends.Peek() <= now - TimeSpan.FromSeconds(1))
        {
            sends.Dequeue();
        }

        return sends;
    }

    private sealed record Limits(TimeProvider Clock, int PerThreadPerSecond, int PerTenantPerSecond, TimeSpan RetryAfter);

    private sealed class Hold(Func<ConnectorRequest, bool> which)
    {
        public Func<ConnectorRequest, bool> Which { get; } = which;

        public TaskCompletionSource<ConnectorRequest> Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Waits while <paramref name="request"/> is held (see <see cref="HoldNext"/>); false when the caller went away
    /// meanwhile (it is then recorded as cut off, status 499).
    /// </summary>
    private async Task<bool> PassHoldAsync(ConnectorRequest request, HttpContext context)
    {
        if (_hold is not { } hold || hold.Released.Task.IsCompleted || !hold.Which(request) || !hold.Held.TrySetResult(request))
        {
            return true;
        }

        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (context.RequestAborted.Register(() => aborted.TrySetResult()))
        {
            if (await Task.WhenAny(hold.Released.Task, aborted.Task).ConfigureAwait(false) == hold.Released.Task)
            {
                return true;
            }
        }

        _requests.Enqueue(request with { Status = 499, At = (_limits?.Clock ?? TimeProvider.System).GetUtcNow() });
        _arrived.Release();
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseHeld();
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _arrived.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        JsonNode? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
        }

        var auth = context.Request.Headers.Authorization.ToString();
        var token = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..] : null;
        var rawPath = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var path = Uri.UnescapeDataString(rawPath);
        if (!await PassHoldAsync(new ConnectorRequest(context.Request.Method, path, rawPath, token, body), context).ConfigureAwait(false))
        {
            return;
        }

        var gone = IsDeleted(path, body);
        (int Status, TimeSpan? RetryAfter)? failure = gone ? (404, null) : _outage is { } outage ? outage : RosterFailure(context) is { } rosterFailure ? rosterFailure : _failures.TryDequeue(out var next) ? next : OverLimit(path, body);
        var answersId = failure is null && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method));
        var id = answersId ? Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        _requests.Enqueue(new ConnectorRequest(context.Request.Method, path, rawPath, token, body) { Status = failure?.Status ?? 200, ResponseId = id, At = (_limits?.Clock ?? TimeProvider.System).GetUtcNow() });
        _arrived.Release();

        if (failure is { } f)
        {
            context.Response.StatusCode = f.Status;
            if (f.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var code = gone ? "ConversationNotFound" : f.Status == 429 ? "Throttled" : "ServiceError";
            await context.Response.WriteAsJsonAsync(new { error = new { code, message = gone ? "Conversation not found." : "scripted failure" } }).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsDelete(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value!.EndsWith("/pagedmembers", StringComparison.Ordinal))
        {
            await WriteMembersPageAsync(context).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.WriteAsync("""[{"id":"29:user","name":"Alex Wilber"}]""").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        if (context.Request.Path == "/v3/conversations" && (bool?)body?["isGroup"] == true && (string?)body?["channelData"]?["channel"]?["id"] is { } channel)
        {
            // A new thread in a channel: the thread's conversation id is the channel's with the first message's id.
            await context.Response.WriteAsync(new JsonObject { ["id"] = $"{channel};messageid={id}", ["activityId"] = id }.ToJsonString()).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsync(context.Request.Path == "/v3/conversations" ? $$"""{"id":"a:created-{{id}}"}""" : $$"""{"id":"{{id}}"}""").ConfigureAwait(false);
    }

    private async Task WriteMembersPageAsync(HttpContext context)
    {
        var conversation = Uri.UnescapeDataString(context.Request.Path.Value!.Split('/')[3]);
        var roster = _rosters.TryGetValue(conversation, out var r) ? r : [];
        var size = int.TryParse(context.Request.Query["pageSize"], out var n) && n > 0 ? n : 100;
        var start = int.TryParse(context.Request.Query["continuationToken"], out var t) ? t : 0;
        var members = new JsonArray();
        foreach (var (id, name, aad) in roster.Skip(start).Take(size))
        {
            members.Add(new JsonObject { ["id"] = id, ["name"] = name, ["aadObjectId"] = aad });
        }

        var page = new JsonObject { ["members"] = members };
        if (start + size < roster.Count)
        {
            page["continuationToken"] = (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(page.ToJsonString()).ConfigureAwait(false);
    }
}
