using HelpdeskBot.Storage;

// In the hosting namespace (as Aspire's integrations do) so the host wires storage with one line and no using.
namespace Microsoft.Extensions.Hosting;

public static class StorageHostApplicationBuilderExtensions
{
    /// <summary><c>builder.Services.AddHelpdeskBotStorage(builder.Configuration)</c>: every store, the migrator and the health check.</summary>
    public static IHostApplicationBuilder AddHelpdeskBotStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHelpdeskBotStorage(builder.Configuration);
        return builder;
    }
}
