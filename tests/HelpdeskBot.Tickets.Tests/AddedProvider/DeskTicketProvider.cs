using System.Text.Json.Nodes;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Tests.AddedProvider;

/// <summary>
/// A minimal provider of an imaginary "Desk" API (POST /tickets, GET /tickets?ref=), written the way a provider under
/// src/HelpdeskBot.Tickets/ is: only its field mapping and endpoints; rendering, auth plumbing and resilience are shared.
/// </summary>
internal sealed class DeskTicketProvider(IHttpClientFactory factory, TimeProvider time, IOptions<DeskOptions> options) : ITicketProvider
{
    public const string ProviderName = "Desk";
    private readonly TicketApiClient _api = new(factory, time, ProviderName);

    public string Name => ProviderName;

    public async Task<TicketRef?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
    {
        var answer = await _api.SendAsync(HttpMethod.Get, "tickets?ref=" + TicketHttp.Escape(correlationId), null, cancellationToken).ConfigureAwait(false);
        return answer?["number"] is null ? null : Ref(answer, correlationId);
    }

    public async Task<TicketRef> CreateAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["ref"] = draft.CorrelationId, ["title"] = draft.Title, ["text"] = PlainTextRenderer.Render(draft.Body) };
        return Ref(await _api.SendAsync(HttpMethod.Post, "tickets", body, cancellationToken).ConfigureAwait(false), draft.CorrelationId);
    }

    public Task AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Post, $"tickets/{TicketHttp.Escape(ticket.Number)}/comments", new JsonObject { ["text"] = PlainTextRenderer.Render(comment.Body) }, cancellationToken);

    public Task<TicketView?> GetAsync(TicketRef ticket, CancellationToken cancellationToken) =>
        Task.FromResult<TicketView?>(new TicketView(ticket, string.Empty, "open", ExternalTicketState.Open));

    private TicketRef Ref(JsonNode? answer, string correlationId) =>
        new(ProviderName, _api.Required(answer?["number"], "ticket number"), $"{options.Value.BaseUrl?.AbsoluteUri.TrimEnd('/')}/tickets/{_api.Required(answer?["number"], "ticket number")}", correlationId);
}
