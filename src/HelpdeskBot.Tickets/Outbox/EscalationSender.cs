using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets.Outbox;

/// <summary>What sending one escalation came to.</summary>
internal abstract record SendResult
{
    private SendResult()
    {
    }

    /// <summary>The escalation has its ticket (its own, or the incident's it joined).</summary>
    public sealed record Sent(TicketRef Ticket, int AffectedUsers) : SendResult;

    /// <summary>It joined an incident whose lead has no ticket yet: try again shortly.</summary>
    public sealed record WaitForLead(string IncidentId) : SendResult;
}

/// <summary>
/// Sends one escalation: joins it to the open incident on its target, then either files the incident's ticket
/// (the lead: asking the provider first whether it already exists, so a retry after a crash files nothing
/// twice) or comments "also affected" on the existing ticket and updates the affected-users count in its title.
/// </summary>
internal sealed class EscalationSender
{
    // Joiners of one target comment one after another, so the last title carries the final count.
    private readonly SemaphoreSlim[] _targetLocks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly IIncidentStore _incidents;
    private readonly IOutboxStore _outbox;
    private readonly ITicketProvider _provider;
    private readonly TimeProvider _time;
    private readonly TicketsOptions _options;
    private readonly DeskTexts _texts;
    private readonly ILogger<EscalationSender> _logger;

    public EscalationSender(IIncidentStore incidents, IOutboxStore outbox, ITicketProvider provider, DeskTexts texts, TimeProvider time, IOptions<TicketsOptions> options, ILogger<EscalationSender> logger)
    {
        _incidents = incidents;
        _outbox = outbox;
        _provider = provider;
        _time = time;
        _options = options.Value;
        _texts = texts;
        _logger = logger;
    }

    public string ProviderName => _provider.Name;

    public async Task<SendResult> SendAsync(EscalationRequest request, CancellationToken cancellationToken)
    {
        if (_options.CorrelationWindow <= TimeSpan.Zero)
        {
            return new SendResult.Sent(await FindOrCreateAsync(request, 1, cancellationToken).ConfigureAwait(false), 1);
        }

        var targetKey = TargetKey.Of(request);
        var join = await _incidents.JoinOrOpenAsync(targetKey, request.Reporter.UserId, request.Reporter.Name, request.EscalationId, _options.CorrelationWindow, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var incident = join.Incident;
        if (incident.LeadEscalationId == request.EscalationId)
        {
            if (incident.Ticket is { } attached)
            {
                return new SendResult.Sent(attached, incident.AffectedUsers);
            }

            var ticket = await FindOrCreateAsync(request, incident.AffectedUsers, cancellationToken).ConfigureAwait(false);
            await _incidents.AttachTicketAsync(incident.IncidentId, ticket, cancellationToken).ConfigureAwait(false);
            return new SendResult.Sent(ticket, incident.AffectedUsers);
        }

        if (incident.Ticket is null)
        {
            Log.WaitingForLead(_logger, request.EscalationId, incident.IncidentId);
            return new SendResult.WaitForLead(incident.IncidentId);
        }

        var gate = _targetLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(targetKey) % (uint)_targetLocks.Length)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Re-read: other reporters may have joined since, and the title should carry the latest count.
            var latest = await _incidents.GetAsync(incident.IncidentId, cancellationToken).ConfigureAwait(false) ?? incident;
            var shared = latest.Ticket ?? incident.Ticket;
            var lead = await _outbox.FindByEscalationIdAsync(latest.LeadEscalationId, cancellationToken).ConfigureAwait(false);
            var title = TicketTitle.Build(lead?.Request ?? request, latest.AffectedUsers, _texts);
            // Keyed by the joining escalation: a stop between the comment and the outbox row's mark runs this again, and a
            // ticket system that can find the key adds the comment once.
            var comment = new TicketComment(request.Reporter.Name, TicketDocumentBuilder.AlsoAffected(request, latest.AffectedUsers, _texts), title, JoinedKey(request.EscalationId));
            await _provider.AddCommentAsync(shared, comment, cancellationToken).ConfigureAwait(false);
            Log.Joined(_logger, request.EscalationId, latest.IncidentId, shared.Number, latest.AffectedUsers);
            return new SendResult.Sent(shared, latest.AffectedUsers);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The idempotency key of the "also affected" comment a joining escalation adds to the incident's ticket.</summary>
    internal static string JoinedKey(string escalationId) => $"{escalationId}:joined";

    /// <summary>Asks first, creates second: the provider is the truth about whether this escalation was filed.</summary>
    private async Task<TicketRef> FindOrCreateAsync(EscalationRequest request, int affectedUsers, CancellationToken cancellationToken)
    {
        if (await _provider.FindByCorrelationIdAsync(request.EscalationId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            Log.TicketFound(_logger, request.EscalationId, existing.Number);
            return existing;
        }

        var draft = new TicketDraft(request, TicketTitle.Build(request, affectedUsers, _texts), TicketDocumentBuilder.Build(request, _texts));
        return await _provider.CreateAsync(draft, cancellationToken).ConfigureAwait(false);
    }
}
