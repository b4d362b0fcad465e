using HelpdeskBot.Admin;
using HelpdeskBot.Pages;
using HelpdeskBot.Tickets.Localization;
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
        app.MapGet("/dashboard", async (DashboardReport report, DeskTexts texts, HttpContext http, CancellationToken ct) =>
        {
            var figures = await report.ComputeAsync(ct).ConfigureAwait(false);
            PageLayout.Harden(http.Response, html: true);
            return Results.Content(DashboardPage.Render(figures, http.User, texts), "text/html; charset=utf-8");
        }).RequireAuthorization(AdminAuthentication.Policy).ExcludeFromDescription();

        app.MapGet("/api/dashboard", async Task<JsonHttpResult<DashboardFigures>> (DashboardReport report, HttpContext http, CancellationToken ct) =>
        {
            var figures = await report.ComputeAsync(ct).ConfigureAwait(false);
            PageLayout.Harden(http.Response, html: false);
            return TypedResults.Json(figures, DashboardJsonContext.Default.DashboardFigures);
        }).RequireAuthorization(AdminAuthentication.Policy);
        return app;
    }
}
