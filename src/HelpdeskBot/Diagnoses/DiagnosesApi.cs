using System.Security.Claims;
using System.Text.Json;
using System.Threading.RateLimiting;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes;
using HelpdeskBot.Probes.Fingerprints;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Diagnoses;

/// <summary>
/// POST /api/diagnoses {"target": "...", "attempts": n, "product": "..."} → the Diagnosis JSON. "product" is the
/// reporter's hint (a product their pasted error page named, as the chat path passes it): a product the fingerprint
/// catalogue lists, else 400. Protected by an API key (X-Api-Key)
/// or an Entra ID bearer token, rate-limited per caller. A target refused by the safety policy answers
/// 422 Unprocessable Entity with the same Diagnosis JSON (verdict Refused, plain reason in verdict.detail and verdict.summary,
/// English for operators and scripts), and <c>verdict.reason</c>: the refusal worded for the caller — an admin or the
/// help desk — in the help desk's language (<c>Tickets:Language</c>), named in <c>verdict.reasonLanguage</c>.
/// </summary>
internal static class DiagnosesApi
{
    public const string Policy = "Diagnoses";

    public static WebApplicationBuilder AddHelpdeskBotDiagnoses(this WebApplicationBuilder builder)
    {
        builder.Services.AddHelpdeskBotProbes();
        builder.Services.AddOptions<DiagnosesOptions>().BindConfiguration(DiagnosesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Who may call it: scope "diagnoses" of the admin scheme (Admin:ApiKeys, Admin:Entra); Diagnoses:ApiKeys and
        // Diagnoses:Authority/Audience are read there as deprecated aliases.
        builder.Services.AddRateLimiter(o => o.AddPolicy<string, DiagnosesRateLimitPolicy>(Policy));
        return builder;
    }

    public static WebApplication MapDiagnosesApi(this WebApplication app)
    {
        var properties = ((IApplicationBuilder)app).Properties;
        if (!properties.ContainsKey("HelpdeskBot.RateLimiter"))
        {
            // Other areas may add the rate limiter too; it must run once.
            properties["HelpdeskBot.RateLimiter"] = true;
            app.UseRateLimiter();
        }

        app.MapPost("/api/diagnoses", DiagnoseAsync).RequireAuthorization(Admin.AdminScopes.Policy(Admin.AdminScopes.Diagnoses)).RequireRateLimiting(Policy);
        return app;
    }

    private static async Task<Results<JsonHttpResult<System.Text.Json.Nodes.JsonObject>, ProblemHttpResult>> DiagnoseAsync(
        HttpRequest request, IDiagnoser diagnoser, FingerprintCatalogue catalogue, DeskTexts texts, IOptions<DiagnosesOptions> options, CancellationToken cancellationToken)
    {
        DiagnoseBody? body;
        try
        {
            body = await request.ReadFromJsonAsync(DiagnosisJsonContext.Default.DiagnoseBody, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return TypedResults.Problem("The body must be JSON like {\"target\": \"wiki.contoso.com\", \"attempts\": 5, \"product\": \"nginx\"}.", statusCode: 400);
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Target))
        {
            return TypedResults.Problem("\"target\" is required, e.g. {\"target\": \"wiki.contoso.com\"}.", statusCode: 400);
        }

        if (body.Attempts is { } n && (n < 1 || n > options.Value.MaxAttempts))
        {
            return TypedResults.Problem($"\"attempts\" must be between 1 and {options.Value.MaxAttempts}.", statusCode: 400);
        }

        ProductHint? hint = null;
        if (body.Product is { } product && (hint = ProductHints.Find(catalogue, product, out var problem)) is null)
        {
            return TypedResults.Problem($"\"product\" {problem}", statusCode: 400);
        }

        var caller = request.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? request.HttpContext.User.FindFirstValue("oid") ?? request.HttpContext.User.FindFirstValue("sub");
        var diagnosis = await diagnoser.DiagnoseAsync(new DiagnosisRequest(body.Target, caller, body.Attempts) { Hint = hint }, null, cancellationToken);
        var status = diagnosis.Verdict.Kind == VerdictKind.Refused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK;
        var json = DiagnosisJson.ToJson(diagnosis, ProbesJsonContext.Default);
        if (FindingWords.Refusal(diagnosis, texts.Catalogue) is { } reason && json["verdict"] is System.Text.Json.Nodes.JsonObject verdict)
        {
            verdict["reason"] = reason;
            verdict["reasonLanguage"] = texts.Language;
        }

        return TypedResults.Json(json, DiagnosisJsonContext.Default.JsonObject, statusCode: status);
    }

    /// <summary>Fixed one-minute window per caller (API key digest or token subject), 429 with a plain reason.</summary>
    private sealed class DiagnosesRateLimitPolicy(IOptions<DiagnosesOptions> options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = static async (context, token) =>
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.HttpContext.Response.Headers.RetryAfter = "60";
            await context.HttpContext.Response.WriteAsJsonAsync(
                new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 429, Title = "Too many diagnoses", Detail = "Too many diagnoses from this caller in the last minute; try again in a minute." },
                token);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            var key = httpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? httpContext.User.FindFirstValue("sub") ?? httpContext.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
            var permits = options.Value.PermitsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }
    }
}
