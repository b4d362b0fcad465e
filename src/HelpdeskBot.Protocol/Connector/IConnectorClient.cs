using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>
/// The Bot Connector REST API (bot → Teams) at an activity's <c>serviceUrl</c>. A bearer token is attached only
/// for service URLs trusted through an authenticated activity (<see cref="ITrustedServiceUrls"/>).
/// Failures other than transient ones (retried) throw <see cref="ConnectorException"/>.
/// </summary>
public interface IConnectorClient
{
    /// <summary><c>POST /v3/conversations/{conversationId}/activities</c>.</summary>
    Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>POST /v3/conversations/{conversationId}/activities/{replyToId}</c>.</summary>
    Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>PUT /v3/conversations/{conversationId}/activities/{activityId}</c> with the full new activity.</summary>
    Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary>Sends <c>{"type":"typing"}</c> to the conversation.</summary>
    Task SendTypingAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken);

    /// <summary><c>POST /v3/conversations</c>: a 1:1 conversation with a user (Teams needs the tenant id).</summary>
    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken);

    /// <summary><c>GET /v3/conversations/{conversationId}/members</c>.</summary>
    Task<IReadOnlyList<ChannelAccount>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /v3/conversations/{conversationId}/pagedmembers?pageSize=&amp;continuationToken=</c>: one page of a team's or
    /// chat's roster (the non-paged call is limited to a few requests a minute).
    /// </summary>
    Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken cancellationToken);
}
