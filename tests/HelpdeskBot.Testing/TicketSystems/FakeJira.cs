using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Testing.TicketSystems;

/// <summary>
/// Jira Cloud REST v3: basic auth with account email + API token, issues with ADF descriptions and labels,
/// JQL search at <c>/rest/api/3/search/jql</c>, ADF comments (with properties; listed by issue and, with their
/// properties, by id at <c>POST /rest/api/3/comment/list?expand=properties</c>), summary edits, keys HELP-n.
/// </summary>
public sealed partial class FakeJira : FakeTicketSystem
{
    public const string Email = "helpdeskbot@contoso.com";
    public const string ApiToken = "ATATT3xFfGF0-jira-token-never-log";
    public const string Project = "HELP";

    public override string ProviderName => "Jira";

    /// <summary>Per issue key, its comments as the API added them (id, and the properties set with them), oldest first.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentQueue<JiraComment>> _comments = new(StringComparer.Ordinal);

    private sealed record JiraComment(string Id, JsonArray? Properties);

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Tickets:Provider"] = "Jira",
        ["Tickets:Jira:BaseUrl"] = BaseAddress.AbsoluteUri,
        ["Tickets:Jira:Email"] = Email,
        ["Tickets:Jira:ApiToken"] = ApiToken,
        ["Tickets:Jira:ProjectKey"] = Project,
    };

    public override IReadOnlyList<string> Secrets => [ApiToken, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{ApiToken}"))];

    protected override Task<bool> IsAuthenticatedAsync(HttpRequest request)
        => Task.FromResult(request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{ApiToken}")));

    protected override void Map(WebApplication app)
    {
        app.MapPost("/rest/api/3/issue", async (HttpContext context) =>
        {
            if (await ReadJsonAsync(context.Request) is not JsonObject { } body || body["fields"] is not JsonObject fields)
            {
                return Violation("POST issue needs {fields: {...}}");
            }

            if (Str(fields["project"]?["key"]) != Project || Str(fields["issuetype"]?["name"]) is not { Length: > 0 })
            {
                return Violation("fields.project.key and fields.issuetype.name are required");
            }

            if (Str(fields["summary"]) is not { Length: > 0 and <= 255 } summary)
            {
                return Violation("fields.summary is required (max 255)");
            }

            if (Adf.Problem(fields["description"]) is { } adf)
            {
                return Violation("description: " + adf);
            }

            var label = fields["labels"] is JsonArray labels ? labels.Select(Str).FirstOrDefault(l => l?.StartsWith("hb-", StringComparison.Ordinal) == true) : null;
            if (label is null || label.Contains(' ', StringComparison.Ordinal))
            {
                return Violation("a label hb-<id> without spaces is required");
            }

            var n = NextNumber();
            var ticket = Store((10000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{Project}-{n}", label, summary, Adf.Text(fields["description"]));
            await AfterCreateAsync(ticket, context);
            return Results.Json(new { id = ticket.Id, key = ticket.Number, self = $"{BaseAddress}rest/api/3/issue/{ticket.Id}" }, statusCode: 201);
        });
        app.MapPost("/rest/api/3/search/jql", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context.Request);
            var jql = Str(body?["jql"]);
            var match = jql is null ? Match.Empty : LabelQuery().Match(jql);
            if (!match.Success)
            {
                return Violation("expected JQL with labels = \"hb-…\"");
            }

            var label = match.Groups[1].Value;
            var issues = Tickets.Values.Where(t => t.CorrelationId == label)
                .Select(t => (JsonNode)new JsonObject { ["id"] = t.Id, ["key"] = t.Number, ["fields"] = new JsonObject { ["summary"] = t.Title } })
                .ToArray();
            return Results.Json(new JsonObject { ["issues"] = new JsonArray(issues), ["isLast"] = true });
        });
        app.MapPost("/rest/api/3/issue/{key}/comment", async (string key, HttpContext context) =>
        {
            if (!Tickets.TryGetValue(key, out var ticket))
            {
                return Results.Json(new { errorMessages = new[] { "Issue does not exist or you do not have permission to see it." } }, statusCode: 404);
            }

            var body = await ReadJsonAsync(context.Request);
            if (Adf.Problem(body?["body"]) is { } adf)
            {
                return Violation("comment body: " + adf);
            }

            if (body?["properties"] is { } properties && (properties is not JsonArray list || list.Any(p => Str(p?["key"]) is not { Length: > 0 and <= 255 } || p?["value"] is not JsonObject)))
            {
                return Violation("comment properties: a list of {key (at most 255 characters), value (a JSON object)}");
            }

            Commented(ticket, Adf.Text(body?["body"]));
            var id = (20000 + NextNumber()).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _comments.GetOrAdd(key, _ => new()).Enqueue(new JiraComment(id, (body?["properties"] as JsonArray)?.DeepClone().AsArray()));
            return Results.Json(new { id }, statusCode: 201);
        });
        app.MapGet("/rest/api/3/issue/{key}/comment", (string key, int? startAt, int? maxResults, string? orderBy) =>
        {
            if (!Tickets.ContainsKey(key))
            {
                return Results.Json(new { errorMessages = new[] { "Issue does not exist or you do not have permission to see it." } }, statusCode: 404);
            }

            var all = _comments.TryGetValue(key, out var kept) ? kept.ToArray() : [];
            all = orderBy == "-created" ? [.. all.Reverse()] : all; // oldest first unless asked otherwise, as Jira
            var (from, size) = (startAt ?? 0, Math.Clamp(maxResults ?? 50, 1, 5000));
            var page = all.Skip(from).Take(size).Select(c => (JsonNode)new JsonObject { ["id"] = c.Id }).ToArray();
            return Results.Json(new JsonObject { ["startAt"] = from, ["maxResults"] = size, ["total"] = all.Length, ["comments"] = new JsonArray(page) });
        });
        app.MapPost("/rest/api/3/comment/list", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context.Request);
            if (body?["ids"] is not JsonArray { Count: > 0 and <= 1000 } ids || ids.Any(i => i is not JsonValue v || !v.TryGetValue<long>(out _)))
            {
                return Violation("comment/list expects ids: 1 to 1000 comment ids (numbers)");
            }

            var wanted = ids.Select(i => i!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
            var expandProperties = context.Request.Query["expand"].ToString().Split(',').Contains("properties");
            var values = _comments.Values.SelectMany(q => q).Where(c => wanted.Contains(c.Id)).Select(c =>
            {
                var json = new JsonObject { ["id"] = c.Id };
                if (expandProperties)
                {
                    json["properties"] = c.Properties?.DeepClone() ?? new JsonArray();
                }

                return (JsonNode)json;
            }).ToArray();
            return Results.Json(new JsonObject { ["startAt"] = 0, ["maxResults"] = 1000, ["total"] = values.Length, ["isLast"] = true, ["values"] = new JsonArray(values) });
        });
        app.MapPut("/rest/api/3/issue/{key}", async (string key, HttpContext context) =>
        {
            if (!Tickets.TryGetValue(key, out var ticket))
            {
                return Results.Json(new { errorMessages = new[] { "Issue does not exist or you do not have permission to see it." } }, statusCode: 404);
            }

            var body = await ReadJsonAsync(context.Request);
            if (Str(body?["fields"]?["summary"]) is not { Length: > 0 } summary)
            {
                return Violation("PUT issue expects fields.summary");
            }

            ticket.Title = summary;
            ticket.UpdatedAt = Clock.GetUtcNow();
            return Results.NoContent();
        });
        app.MapGet("/rest/api/3/issue/{key}", (string key) =>
            Tickets.TryGetValue(key, out var t)
                ? Results.Json(new JsonObject { ["id"] = t.Id, ["key"] = t.Number, ["fields"] = new JsonObject { ["summary"] = t.Title, ["status"] = new JsonObject { ["name"] = t.Status ?? "To Do", ["statusCategory"] = new JsonObject { ["key"] = t.StatusCategory ?? "new" } }, ["statuscategorychangedate"] = Time(t.StatusChangedAt), ["resolutiondate"] = Time(t.ResolvedAt), ["updated"] = Time(t.UpdatedAt) } })
                : Results.Json(new { errorMessages = new[] { "Issue does not exist or you do not have permission to see it." } }, statusCode: 404));
    }

    /// <summary>
    /// statuscategorychangedate moves only when the status category changes (Done → Closed, both done, moves nothing);
    /// the resolution (resolutiondate) is set on entering done and cleared on leaving it. Comments move only updated.
    /// </summary>
    protected override void StatusChanged(FakeTicket ticket, string? oldStatus, string? oldCategory, DateTimeOffset now)
    {
        if ((oldCategory ?? "new") == (ticket.StatusCategory ?? "new"))
        {
            return;
        }

        ticket.StatusChangedAt = now;
        ticket.ResolvedAt = ticket.StatusCategory == "done" ? now : null;
    }

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("labels\\s*=\\s*\"(hb-[A-Za-z0-9_-]+)\"")]
    private static partial Regex LabelQuery();
}
