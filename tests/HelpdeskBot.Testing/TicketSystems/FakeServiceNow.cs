using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Testing.TicketSystems;

/// <summary>
/// ServiceNow Table API on the incident table: basic auth, JSON in <c>{"result": …}</c> out, sys_id of 32 hex
/// characters, number INC…, <c>sysparm_query=correlation_id=…</c> lookups, PATCH with work_notes. Every change (a
/// work note included) moves sys_updated_on; resolving stamps resolved_at and closing closed_at, as the incident
/// table's business rules do, unless <see cref="StampsResolutionTimes"/> is off.
/// </summary>
public sealed class FakeServiceNow : FakeTicketSystem
{
    public const string User = "svc_helpdeskbot";
    public const string Password = "sn-P@ss-7f3kQ9-never-log";

    public override string ProviderName => "ServiceNow";

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Tickets:Provider"] = "ServiceNow",
        ["Tickets:ServiceNow:BaseUrl"] = BaseAddress.AbsoluteUri,
        ["Tickets:ServiceNow:Username"] = User,
        ["Tickets:ServiceNow:Password"] = Password,
    };

    /// <summary>
    /// False: the table's workflow fills neither resolved_at nor closed_at (a custom table, or business rules turned
    /// off), so only the state says it is resolved.
    /// </summary>
    public bool StampsResolutionTimes { get; set; } = true;

    public override IReadOnlyList<string> Secrets => [Password, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"))];

    protected override Task<bool> IsAuthenticatedAsync(HttpRequest request)
        => Task.FromResult(request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));

    protected override void Map(WebApplication app)
    {
        app.MapPost("/api/now/table/incident", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context.Request);
            if (body is not JsonObject o)
            {
                return Violation("POST incident needs a JSON object body");
            }

            if (Str(o["short_description"]) is not { Length: > 0 and <= 160 } title)
            {
                return Violation("short_description is required and holds at most 160 characters");
            }

            if (Str(o["correlation_id"]) is not { Length: > 0 } correlation)
            {
                return Violation("correlation_id is required");
            }

            if (Str(o["urgency"]) is not ("1" or "2" or "3") || Str(o["impact"]) is not ("1" or "2" or "3"))
            {
                return Violation("urgency and impact must be \"1\", \"2\" or \"3\"");
            }

            var n = NextNumber();
            var sysId = Guid.NewGuid().ToString("N");
            var ticket = Store(sysId, "INC" + (10000 + n).ToString("D7", CultureInfo.InvariantCulture), correlation, title, Str(o["description"]) ?? string.Empty);
            await AfterCreateAsync(ticket, context);
            context.Response.Headers.Location = $"{BaseAddress}api/now/table/incident/{sysId}";
            return Results.Json(new JsonObject { ["result"] = Record(ticket) }, statusCode: 201);
        });
        app.MapGet("/api/now/table/incident", (HttpContext context) =>
        {
            var query = context.Request.Query["sysparm_query"].ToString();
            if (!query.StartsWith("correlation_id=", StringComparison.Ordinal))
            {
                return Violation("expected sysparm_query=correlation_id=<id>");
            }

            var id = query["correlation_id=".Length..];
            return Results.Json(new JsonObject { ["result"] = new JsonArray(Tickets.Values.Where(t => t.CorrelationId == id).Select(t => (JsonNode)Record(t)).ToArray()) });
        });
        app.MapMethods("/api/now/table/incident/{sysId}", ["PATCH", "PUT"], async (string sysId, HttpContext context) =>
        {
            var ticket = Tickets.Values.FirstOrDefault(t => t.Id == sysId);
            if (ticket is null)
            {
                return Results.Json(new { error = new { message = "No Record found" }, status = "failure" }, statusCode: 404);
            }

            if (await ReadJsonAsync(context.Request) is not JsonObject o || (Str(o["work_notes"]) ?? Str(o["comments"])) is not { Length: > 0 } note)
            {
                return Violation("PATCH needs work_notes or comments");
            }

            Commented(ticket, note);
            if (Str(o["short_description"]) is { Length: > 0 } title)
            {
                ticket.Title = title;
            }

            return Results.Json(new JsonObject { ["result"] = Record(ticket) });
        });
        app.MapGet("/api/now/table/incident/{sysId}", (string sysId) =>
            Tickets.Values.FirstOrDefault(t => t.Id == sysId) is { } ticket
                ? Results.Json(new JsonObject { ["result"] = Record(ticket) })
                : Results.Json(new { error = new { message = "No Record found" }, status = "failure" }, statusCode: 404));
    }

    /// <summary>Resolving (6) stamps resolved_at, closing (7) closed_at; opening it again stamps nothing.</summary>
    protected override void StatusChanged(FakeTicket ticket, string? oldStatus, string? oldCategory, DateTimeOffset now)
    {
        ticket.StatusChangedAt = now;
        if (!StampsResolutionTimes)
        {
            return;
        }

        switch (ticket.Status?.Trim().ToUpperInvariant())
        {
            case "6" or "RESOLVED":
                ticket.ResolvedAt = now;
                break;
            case "7" or "CLOSED":
                ticket.ClosedAt = now;
                break;
        }
    }

    // The Table API writes empty fields as "" and times as UTC "yyyy-MM-dd HH:mm:ss".
    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;

    private static JsonObject Record(FakeTicket t) => new()
    {
        ["sys_id"] = t.Id,
        ["number"] = t.Number,
        ["short_description"] = t.Title,
        ["state"] = t.Status ?? "1",
        ["resolved_at"] = Time(t.ResolvedAt),
        ["closed_at"] = Time(t.ClosedAt),
        ["sys_updated_on"] = Time(t.UpdatedAt),
        ["correlation_id"] = t.CorrelationId,
    };
}
