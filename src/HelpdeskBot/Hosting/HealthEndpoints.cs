using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace HelpdeskBot.Hosting;

internal static class HealthEndpoints
{
    /// <summary>/health/live: the process answers. /health/ready: every registered check passes.</summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");
        return app;
    }
}
