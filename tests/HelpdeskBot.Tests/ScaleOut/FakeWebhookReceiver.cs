using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tests.ScaleOut;

/// <summary>
/// A ticket system behind the generic webhook provider, on loopback. Like a real one it does NOT deduplicate:
/// every ticket.create makes a ticket, so a second create for one escalation shows up as a duplicate. It can
/// hold create answers (the ticket exists, the caller has not heard back) to stage a crash mid-dispatch.
/// </summary>
internal sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _tickets = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer? _server;
    private int _sequence;
    private int _held;

    /// <summary>While positive, this many further creates are recorded and then held until <see cref="ReleaseHeld"/>.</summary>
    public int HoldNextCreates;

    public Uri Url => new(_server!.BaseAddress, "hook");

    /// <summary>Creates answered or held so far.</summary>
    public int HeldCount => Volatile.Read(ref _held);

    /// <summary>Ticket numbers created per escalation id (more than one = a duplicate ticket).</summary>
    public IReadOnlyDictionary<string, string[]> Tickets => _tickets.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);

    public int CreateCount => _tickets.Values.Sum(q => q.Count);

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var receiver = new FakeWebhookReceiver();
        receiver._server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", receiver.HandleAsync));
        return receiver;
    }

    public void ReleaseHeld() => _release.TrySetResult();

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!;
        var escalationId = body["escalationId"]!.GetValue<string>();
        switch (body["event"]!.GetValue<string>())
        {
            case "ticket.find":
                return _tickets.TryGetValue(escalationId, out var found) && found.TryPeek(out var existing)
                    ? Results.Json(new { ticketNumber = existing })
                    : Results.NotFound();
            case "ticket.create":
                var number = "WH-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
                _tickets.GetOrAdd(escalationId, _ => new ConcurrentQueue<string>()).Enqueue(number);
                if (Interlocked.Decrement(ref HoldNextCreates) >= 0)
                {
                    Interlocked.Increment(ref _held);
                    await _release.Task; // the ticket exists; the caller never hears back before it "dies"
                }

                return Results.Json(new { ticketNumber = number });
            default:
                return Results.Json(new { });
        }
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseHeld();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
