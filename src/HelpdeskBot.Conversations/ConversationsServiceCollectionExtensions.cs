using HelpdeskBot.Conversations;
using HelpdeskBot.Conversations.Cards;
using HelpdeskBot.Conversations.Cases;
using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Delivery;
using HelpdeskBot.Conversations.Flow;
using HelpdeskBot.Conversations.HelpDesk;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Protocol.Routing;
using HelpdeskBot.Tickets.Dispatching;
using HelpdeskBot.Tickets.Escalations;
using HelpdeskBot.Tickets.Incidents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// In the hosting namespace, as Storage does, so the host wires the conversation with one line.
namespace Microsoft.Extensions.Hosting;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary><c>builder.Services.AddHelpdeskBotConversations()</c>.</summary>
    public static IHostApplicationBuilder AddHelpdeskBotConversations(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHelpdeskBotConversations();
        return builder;
    }

    /// <summary>
    /// The troubleshooting conversation as the bot's <see cref="IBotHandler"/>, the card-updating
    /// <see cref="IEscalationNotifier"/>, runbooks and service catalogue (validated at start-up) and the idle-case
    /// sweeper. Needs Protocol, Probes (IDiagnoser), Tickets (outbox signal) and Storage (ICaseStore).
    /// </summary>
    public static IServiceCollection AddHelpdeskBotConversations(this IServiceCollection services)
    {
        services.AddOptions<ConversationsOptions>().BindConfiguration(ConversationsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // Runbooks:Path and Catalog:Path; the keys they replace (Conversations:RunbookDirectory and
        // Conversations:ServiceCatalogPath) are still read when the new ones are not set.
        services.AddOptions<RunbooksOptions>().BindConfiguration(RunbooksOptions.SectionName)
            .Configure<IConfiguration>((o, c) => o.Path = c[$"{RunbooksOptions.SectionName}:Path"] ?? c["Conversations:RunbookDirectory"] ?? o.Path)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.SectionName)
            .Configure<IConfiguration>((o, c) => o.Path = c[$"{CatalogOptions.SectionName}:Path"] ?? c["Conversations:ServiceCatalogPath"] ?? o.Path)
            .ValidateDataAnnotations().ValidateOnStart();
        // The files are read while the settings are validated, so their problems join the start-up report.
        services.TryAddSingleton<RunbookFilesValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunbooksOptions>, RunbookFilesValidator>(sp => sp.GetRequiredService<RunbookFilesValidator>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CatalogOptions>, RunbookFilesValidator>(sp => sp.GetRequiredService<RunbookFilesValidator>()));
        services.TryAddSingleton(sp => ServiceCatalogLoader.Load(ConversationsOptions.Resolve(sp.GetRequiredService<IOptions<CatalogOptions>>().Value.Path)));
        services.TryAddSingleton(sp => RunbookCatalog.Load(sp.GetRequiredService<IOptions<RunbooksOptions>>().Value, sp.GetRequiredService<ILogger<RunbookCatalog>>()));
        services.TryAddSingleton<UserLanguages>();
        services.TryAddSingleton<LanguageTurns>();
        services.TryAddSingleton<ReportParser>();
        services.TryAddSingleton<CaseEngine>();
        services.TryAddSingleton<CaseCards>();
        services.TryAddSingleton<CaseRepository>();
        services.TryAddSingleton<EscalationFactory>();
        services.TryAddSingleton<CaseCardPublisher>();
        services.AddHelpdeskBotDelivery();
        services.AddSingleton<ILiveCardSource, CaseCardSource>();
        services.TryAddSingleton<SharedDiagnoses>();
        services.TryAddSingleton<CaseService>();

        // This conversation is the bot; replace the protocol's placeholder and the tickets' logging notifier
        // whichever order the areas are added in.
        services.RemoveAll<IBotHandler>();
        services.AddSingleton<IBotHandler, TroubleshootingBot>();
        services.RemoveAll<IEscalationNotifier>();
        services.AddSingleton<IEscalationNotifier, CardEscalationNotifier>();

        services.AddHelpdeskBotHelpDesk();

        services.AddHostedService<RunbookStartupCheck>();
        services.AddKeyedSingleton(DiagnosisDispatcher.SignalKey, static (sp, _) => new DispatchSignal(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DiagnosisDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DiagnosisDispatcher>());
        services.AddSingleton<IdleCaseSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleCaseSweeper>());
        return services;
    }

    /// <summary>
    /// The help desk's side in Teams: connected channels, incident cards, card actions (<see cref="IIncidentDesk"/>),
    /// reporters told on resolution, and the incident watch (a hosted service). Settings in section <c>Incidents</c>.
    /// </summary>
    private static IServiceCollection AddHelpdeskBotHelpDesk(this IServiceCollection services)
    {
        services.AddOptions<IncidentsOptions>().BindConfiguration(IncidentsOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.WatchMaxInterval >= o.WatchInterval, "Incidents:WatchMaxInterval must be at least Incidents:WatchInterval.")
            .Validate(o => o.RemindAdminsAfter >= o.TakeWithin, "Incidents:RemindAdminsAfter must be at least Incidents:TakeWithin.")
            .ValidateOnStart();
        services.TryAddSingleton<HelpdeskChannels>();
        services.TryAddSingleton<AgentRoster>();
        services.TryAddSingleton<IncidentCards>();
        services.TryAddSingleton<DeskStates>();
        services.TryAddSingleton<DeskProbe>();
        services.TryAddSingleton<IncidentBoard>();
        services.TryAddSingleton<ResolutionFanOut>();
        services.TryAddSingleton<FanOutWalks>();
        services.TryAddSingleton<ParkedAnnouncer>();
        services.TryAddSingleton<IncidentDesk>();
        services.TryAddSingleton<IIncidentDesk>(sp => sp.GetRequiredService<IncidentDesk>());
        services.TryAddSingleton<HelpdeskTurns>();
        services.TryAddSingleton<ChannelLoss>();
        services.TryAddSingleton<ReconnectNotices>();
        services.AddHealthChecks().AddCheck<HelpdeskChannelHealthCheck>("helpdesk-channel", tags: ["ready"]);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILiveCardSource, IncidentCardSource>());
        services.AddSingleton<ILiveCardSource>(sp => sp.GetRequiredService<ParkedAnnouncer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageClaimSource, ResolutionClaim>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageClaimSource, UntakenClaim>());

        services.TryAddSingleton<IncidentWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<IncidentWatch>());
        return services;
    }

    /// <summary>Loads runbooks and the catalogue when the host starts, so a broken file stops the start with file:line errors.</summary>
    private sealed class RunbookStartupCheck(RunbookCatalog runbooks, ServiceCatalog services, IOptions<RunbooksOptions> runbooksOptions, IOptions<CatalogOptions> catalogOptions, ILogger<RunbookStartupCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Log.RunbooksLoaded(logger, runbooks.Runbooks.Count, string.Join(", ", runbooks.Runbooks.Select(r => r.Id)), ConversationsOptions.Resolve(runbooksOptions.Value.Path),
                services.Entries.Count, ConversationsOptions.Resolve(catalogOptions.Value.Path));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
