using Azure.Core;
using Azure.Identity;
using HelpdeskBot.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Hosting;

internal static class AzureCredentialExtensions
{
    /// <summary>
    /// The Azure credential the bot signs in to Azure Database for PostgreSQL with
    /// (<c>Storage:Postgres:Authentication=Entra</c>): the user-assigned managed identity named by
    /// <c>Storage:Postgres:ManagedIdentityClientId</c>, else DefaultAzureCredential (system-assigned identity, workload
    /// identity in Kubernetes, <c>az login</c> on a developer machine). Created only when something asks for it.
    /// </summary>
    public static WebApplicationBuilder AddHelpdeskBotAzureCredential(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<TokenCredential>(sp => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = sp.GetRequiredService<IOptions<StorageOptions>>().Value.Postgres.ManagedIdentityClientId is { Length: > 0 } id ? id : null,
        }));
        return builder;
    }
}
