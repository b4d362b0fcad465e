using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Tickets.Tests.Fakes;

/// <summary>
/// ServiceNow Table API on the incident table: basic auth, JSON in <c>{"result": …}</c> out, sys_id of 32 hex
/// characters, number INC…, <c>sysparm_query=correlation_id=…</c> lookups, PATCH with work_notes.
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

            ticket.Comments.Enqueue(note);
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

    private static JsonObject Record(FakeTicket t) => new()
    {
        ["sys_id"] = t.Id,
        ["number"] = t.Number,
        ["short_description"] = t.Title,
        ["state"] = t.Status ?? "1",
        // The Table API writes empty fields as "" and times as UTC "yyyy-MM-dd HH:mm:ss".
        ["resolved_at"] = t.StatusChangedAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : string.Empty,
        ["correlation_id"] = t.CorrelationId,
    };
}
