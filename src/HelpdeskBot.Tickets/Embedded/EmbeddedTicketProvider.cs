using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Embedded;

/// <summary>Tickets in the bot's own store, numbered <c>{Prefix}-{n}</c>, shown at <c>/tickets/{number}</c>.</summary>
internal sealed class EmbeddedTicketProvider : ITicketProvider
{
    public const string ProviderName = "Embedded";
    private readonly IEmbeddedTicketStore _store;
    private readonly TimeProvider _time;
    private readonly EmbeddedOptions _options;
    private readonly Uri? _publicBaseUrl;

    public EmbeddedTicketProvider(IEmbeddedTicketStore store, TimeProvider time, IOptions<EmbeddedOptions> options, IOptions<TicketsOptions> tickets)
    {
        _store = store;
        _time = time;
        _options = options.Value;
        _publicBaseUrl = tickets.Value.PublicBaseUrl;
    }

    public string Name => ProviderName;

    public async Task<TicketRef?> FindByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
        => await _store.FindByCorrelationIdAsync(correlationId, cancellationToken).ConfigureAwait(false) is { } ticket ? Ref(ticket) : null;

    public async Task<TicketRef> CreateAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        var r = draft.Request;
        var ticket = await _store.CreateAsync(
            new NewEmbeddedTicket(
                _options.Prefix,
                draft.CorrelationId,
                draft.Title,
                MarkdownRenderer.Render(draft.Body),
                r.Route.OwningTeam ?? r.Route.AssignmentGroup,
                r.Route.Category,
                r.Urgency,
                r.Reporter.UserId,
                r.Reporter.Name,
                TargetKey.Of(r)),
            _time.GetUtcNow(),
            cancellationToken).ConfigureAwait(false);
        return Ref(ticket);
    }

    public async Task AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(comment);
        if (!await _store.AddCommentAsync(ticket.Number, comment.Author, MarkdownRenderer.Render(comment.Body), comment.NewTitle, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw new TicketProviderException(ProviderName, $"ticket {ticket.Number} does not exist", 404);
        }
    }

    public async Task<TicketView?> GetAsync(TicketRef ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return await _store.GetAsync(ticket.Number, cancellationToken).ConfigureAwait(false) is { } t
            ? new TicketView(Ref(t), t.Title, t.Status, StateOf(t.Status))
            : null;
    }

    /// <summary>The embedded store's statuses: open, and resolved or closed (the statuses "open only" leaves out).</summary>
    internal static ExternalTicketState StateOf(string status) => status.ToUpperInvariant() switch
    {
        "RESOLVED" or "CLOSED" => ExternalTicketState.Resolved,
        "OPEN" => ExternalTicketState.Open,
        _ => ExternalTicketState.Unknown,
    };

    private TicketRef Ref(EmbeddedTicket ticket)
    {
        var url = _publicBaseUrl is { IsAbsoluteUri: true } baseUrl ? new Uri(baseUrl, "tickets/" + Uri.EscapeDataString(ticket.Number)).AbsoluteUri : null;
        return new TicketRef(ProviderName, ticket.Number, url, ticket.CorrelationId);
    }
}
