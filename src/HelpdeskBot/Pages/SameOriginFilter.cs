namespace HelpdeskBot.Pages;

/// <summary>
/// Cross-site request forgery guard for the agents' forms. A browser signed in with HTTP Basic sends the key with every
/// request to the bot, also one a foreign page triggers, so such a POST must come from the bot's own pages: the
/// browser's <c>Sec-Fetch-Site</c> says <c>same-origin</c>, or, from a browser without Fetch Metadata, the
/// <c>Origin</c> names the bot's host. A request carrying its credential in <c>X-Api-Key</c> or a bearer token is a
/// script's: a foreign page cannot set those headers, so it passes. Stateless, so it holds on every replica
/// (an antiforgery cookie would need a key ring shared between instances).
/// </summary>
internal sealed class SameOriginFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        return IsScript(request) || IsSameOrigin(request)
            ? await next(context)
            : TypedResults.Problem("This form must be sent from the bot's own page.", statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused");
    }

    private static bool IsScript(HttpRequest request)
        => request.Headers.ContainsKey(Admin.AdminAuthentication.ApiKeyHeader)
            || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool IsSameOrigin(HttpRequest request)
    {
        // Fetch Metadata (W3C): every current browser sends it; "none" is a typed URL or bookmark, never a form post.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site == "same-origin";
        }

        // RFC 6454: browsers send Origin on every POST; the authority must be the bot's own host.
        return Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
            && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
