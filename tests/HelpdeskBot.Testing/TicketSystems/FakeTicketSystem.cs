using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Testing.TicketSystems;

/// <summary>How a fake ticket system answers the next requests.</summary>
public enum FakeMode
{
    Succeed,
    ServerError,
    Throttle,
    Hang,

    /// <summary>200 with an HTML maintenance page instead of the API's JSON (a proxy or a sign-in page in between).</summary>
    Garbage,
}

public sealed class FakeTicket
{
    public required string Number { get; init; }

    public required string Id { get; init; }

    public required string CorrelationId { get; init; }

    public required string Title { get; set; }

    public required string Body { get; init; }

    /// <summary>The ticket's status in the system's own words (null: the system's initial status); an agent's edit.</summary>
    public string? Status { get; set; }

    /// <summary>Jira only: the status category key (new, indeterminate, done) of <see cref="Status"/>.</summary>
    public string? StatusCategory { get; set; }

    /// <summary>
    /// When the status last changed as the system records it (null: never): Zendesk's ticket metric status_updated_at,
    /// Jira's statuscategorychangedate (a change of category only).
    /// </summary>
    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>
    /// When the ticket was last resolved (null: never): Zendesk's ticket metric solved_at, ServiceNow's resolved_at,
    /// Jira's resolutiondate. A comment or an edit does not move it.
    /// </summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>ServiceNow only: closed_at, stamped when the incident is closed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>When the ticket was created (on <see cref="FakeTicketSystem.Clock"/>).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// When anything about the ticket last changed (creation, a comment from anyone, an edit, a status change):
    /// Zendesk's updated_at, ServiceNow's sys_updated_on, Jira's updated.
    /// </summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>When the latest comment or work note was added (Zendesk's latest_comment_added_at).</summary>
    public DateTimeOffset? LatestCommentAt { get; set; }

    /// <summary>How often a resolved ticket was opened again (Zendesk's ticket metric reopens).</summary>
    public int Reopens { get; set; }

    public ConcurrentQueue<string> Comments { get; } = new();

    /// <summary>The closed ticket this one follows up (Zendesk's via.source.rel "follow_up"), or null.</summary>
    public string? FollowUpOf { get; set; }
}

/// <summary>
/// A loopback Kestrel fake of a real ticket API. It checks authentication and request shape as the public API
/// documents them (a violation is answered 400 and recorded), keeps the tickets it created, and can answer
/// 500, 429 with Retry-After, hang, or succeed.
/// </summary>
public abstract class FakeTicketSystem : IAsyncDisposable
{
    private LoopbackServer? _server;
    private int _requests;
    private int _creates;
    private int _nextNumber;

    public abstract string ProviderName { get; }

    public Uri BaseAddress => (_server ?? throw new InvalidOperationException("not started")).BaseAddress;

    public FakeMode Mode { get; set; } = FakeMode.Succeed;

    /// <summary>Only this many more requests get <see cref="Mode"/>; then it succeeds again (null: all).</summary>
    public int? ModeRequests { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    public int Requests => Volatile.Read(ref _requests);

    public int Creates => Volatile.Read(ref _creates);

    public ConcurrentDictionary<string, FakeTicket> Tickets { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>The clock the system stamps its times with: the test's fake clock, so they compare with the bot's.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Runs after a ticket was stored and before the answer is sent (to simulate a crash in between).</summary>
    public Func<FakeTicket, CancellationToken, Task>? AfterCreate { get; set; }

    /// <summary>Settings that point the bot at this fake, including its credentials.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Every secret in <see cref="Settings"/>, for the "never logged" assertions.</summary>
    public abstract IReadOnlyList<string> Secrets { get; }

    public static async Task<T> StartAsync<T>()
        where T : FakeTicketSystem, new()
    {
        var fake = new T();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.Use(fake.PreambleAsync);
            fake.Map(app);
        }).ConfigureAwait(false);
        return fake;
    }

    public FakeTicket? ByCorrelation(string correlationId) => Tickets.Values.FirstOrDefault(t => t.CorrelationId == correlationId);

    /// <summary>
    /// An agent changes the ticket's status in the system's own UI, now on <see cref="Clock"/>: the system stamps it
    /// as its workflow does (<see cref="StatusChanged"/>).
    /// </summary>
    /// <param name="category">Jira only: the status category key (new, indeterminate, done) of the status.</param>
    public void AgentSetsStatus(string number, string status, string? category = null)
    {
        var ticket = Tickets[number];
        var now = Clock.GetUtcNow();
        var (oldStatus, oldCategory) = (ticket.Status, ticket.StatusCategory);
        ticket.Status = status;
        ticket.StatusCategory = category;
        ticket.UpdatedAt = now;
        StatusChanged(ticket, oldStatus, oldCategory, now);
    }

    /// <summary>An agent comments on the ticket in the system's own UI, now on <see cref="Clock"/>; the status stays.</summary>
    public void AgentComments(string number, string text) => Commented(Tickets[number], text);

    /// <summary>Stamps the times the system's workflow stamps when a status changes (resolved, closed, reopened).</summary>
    protected abstract void StatusChanged(FakeTicket ticket, string? oldStatus, string? oldCategory, DateTimeOffset now);

    /// <summary>A comment from anyone (an agent in the UI, or the bot through the API): it moves the update time only.</summary>
    protected void Commented(FakeTicket ticket, string text)
    {
        ticket.Comments.Enqueue(text);
        ticket.UpdatedAt = ticket.LatestCommentAt = Clock.GetUtcNow();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    protected abstract void Map(WebApplication app);

    /// <summary>True when the request carries the right credentials in the API's scheme.</summary>
    protected abstract Task<bool> IsAuthenticatedAsync(HttpRequest request);

    protected FakeTicket Store(string id, string number, string correlationId, string title, string body)
    {
        Interlocked.Increment(ref _creates);
        var ticket = new FakeTicket { Id = id, Number = number, CorrelationId = correlationId, Title = title, Body = body, CreatedAt = Clock.GetUtcNow(), UpdatedAt = Clock.GetUtcNow() };
        Tickets[number] = ticket;
        return ticket;
    }

    protected async Task AfterCreateAsync(FakeTicket ticket, HttpContext context)
    {
        if (AfterCreate is { } hook)
        {
            await hook(ticket, context.RequestAborted).ConfigureAwait(false);
        }
    }

    protected int NextNumber() => Interlocked.Increment(ref _nextNumber);

    protected IResult Violation(string what)
    {
        Violations.Enqueue(what);
        return Results.Json(new { error = what }, statusCode: 400);
    }

    protected static async Task<JsonNode?> ReadJsonAsync(HttpRequest request)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        request.EnableBuffering();
        request.Body.Position = 0;
        try
        {
            return await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    protected static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private async Task PreambleAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref _requests);
        if (!await IsAuthenticatedAsync(context.Request).ConfigureAwait(false))
        {
            Violations.Enqueue($"unauthenticated {context.Request.Method} {context.Request.Path}");
            context.Response.StatusCode = 401;
            return;
        }

        var mode = Mode;
        if (mode != FakeMode.Succeed && ModeRequests is int left)
        {
            if (left <= 0)
            {
                mode = FakeMode.Succeed;
            }
            else
            {
                ModeRequests = left - 1;
            }
        }

        switch (mode)
        {
            case FakeMode.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsJsonAsync(new { error = "internal error" }).ConfigureAwait(false);
                return;
            case FakeMode.Throttle:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            case FakeMode.Garbage:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>Down for maintenance</body></html>").ConfigureAwait(false);
                return;
            case FakeMode.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                return;
        }

        await next(context).ConfigureAwait(false);
    }
}
