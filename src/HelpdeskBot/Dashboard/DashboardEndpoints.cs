using HelpdeskBot.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpdeskBot.Dashboard;

/// <summary>GET /dashboard (HTML) and GET /api/dashboard (JSON), for admins only.</summary>
internal static class DashboardEndpoints
{
    public static WebApplicationBuilder AddHelpdeskBotDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<DashboardReport>();
        return builder;
    }

    public static WebApplication MapHelpdeskBotDashboard(this WebApplication app)
    {
        app.MapGet("/dashboard", async (DashboardReport report, HttpContext http, CancellationToken ct) =>
        {
            var figures = await report.ComputeAsync(ct).ConfigureAwait(false);
            Harden(http.Response);
            // No script at all; styles are inline in the page.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";
            return Results.Content(DashboardPage.Render(figures), "text/html; charset=utf-8");
        }).RequireAuthorization(AdminAuthentication.Policy).ExcludeFromDescription();

        app.MapGet("/api/dashboard", async Task<JsonHttpResult<DashboardFigures>> (DashboardReport report, HttpContext http, CancellationToken ct) =>
        {
            var figures = await report.ComputeAsync(ct).ConfigureAwait(false);
            Harden(http.Response);
            return TypedResults.Json(figures, DashboardJsonContext.Default.DashboardFigures);
        }).RequireAuthorization(AdminAuthentication.Policy);
        return app;
    }

    private static void Harden(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
