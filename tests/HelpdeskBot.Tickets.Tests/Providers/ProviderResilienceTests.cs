using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HelpdeskBot.Tickets.Http;
using HelpdeskBot.Tickets.Jira;
using HelpdeskBot.Tickets.Rendering;
using HelpdeskBot.Tickets.ServiceNow;
using HelpdeskBot.Tickets.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Polly.Timeout;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Tickets.Tests.Providers;

/// <summary>Timeout, retry honouring Retry-After, and one circuit breaker per provider, on a fake clock.</summary>
public sealed class ProviderResilienceTests
{
    private static TicketDraft Draft(string id)
    {
        var request = TestEscalations.Create(id);
        return new TicketDraft(request, TicketTitle.Build(request, 1, DeskTexts.English), TicketDocumentBuilder.Build(request, DeskTexts.English));
    }

    [Theory]
    [MemberData(nameof(FakeSystems.HttpProviders), MemberType = typeof(FakeSystems))]
    public async Task Throttled_create_is_retried_after_Retry_After(string provider)
    {
        await using var fake = await FakeSystems.StartAsync(provider);
        var time = new FakeTimeProvider(TestEscalations.At);
        await using var services = ProviderServices.Build(fake, time, new Dictionary<string, string?>
        {
            ["Tickets:Resilience:RetryDelay"] = "00:00:01",
            // The fake clock runs while real requests are in flight: keep the attempt timeout out of the way.
            ["Tickets:Resilience:AttemptTimeout"] = "00:05:00",
        });
        fake.Mode = FakeMode.Throttle;
        fake.ModeRequests = 1;
        fake.RetryAfterSeconds = 7;
        var start = time.GetUtcNow();
        using var retries = new RetriesRecorder();

        var ticket = await time.AdvanceUntilDoneAsync(services.GetRequiredService<ITicketProvider>().CreateAsync(Draft("esc-429"), CancellationToken.None), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1));

        Assert.Equal(2, fake.Requests);
        Assert.Single(fake.Tickets);
        Assert.Equal(fake.Tickets.Values.Single().Number, ticket.Number);
        Assert.True(time.GetUtcNow() - start >= TimeSpan.FromSeconds(7), "the retry waited for Retry-After");
        Assert.Empty(fake.Violations);
        Assert.Contains((provider, "429"), retries.Seen);
    }

    [Theory]
    [MemberData(nameof(FakeSystems.HttpProviders), MemberType = typeof(FakeSystems))]
    public async Task Create_after_a_server_error_is_not_blindly_repeated(string provider)
    {
        await using var fake = await FakeSystems.StartAsync(provider);
        await using var services = ProviderServices.Build(fake, TimeProvider.System);
        fake.Mode = FakeMode.ServerError;

        var error = await Assert.ThrowsAsync<TicketProviderException>(() => services.GetRequiredService<ITicketProvider>().CreateAsync(Draft("esc-500"), CancellationToken.None));

        Assert.Equal(500, error.StatusCode);
        // One POST: after a 500 the ticket may exist, so the outbox asks before it tries again.
        Assert.Equal(1, fake.Requests);
    }

    [Theory]
    [MemberData(nameof(FakeSystems.HttpProviders), MemberType = typeof(FakeSystems))]
    public async Task Lookup_retries_server_errors_then_succeeds(string provider)
    {
        await using var fake = await FakeSystems.StartAsync(provider);
        await using var services = ProviderServices.Build(fake, TimeProvider.System);
        fake.Mode = FakeMode.ServerError;
        fake.ModeRequests = 2;
        using var retries = new RetriesRecorder();

        var found = await services.GetRequiredService<ITicketProvider>().FindByCorrelationIdAsync("esc-none", CancellationToken.None);

        Assert.Null(found);
        Assert.Equal(3, fake.Requests);
        // Other tests' providers retry in parallel: count only this provider's.
        Assert.True(retries.Seen.Count(r => r == (provider, "5xx")) >= 2, string.Join(", ", retries.Seen));
    }

    [Theory]
    [MemberData(nameof(FakeSystems.HttpProviders), MemberType = typeof(FakeSystems))]
    public async Task Hanging_provider_times_out_on_the_fake_clock(string provider)
    {
        await using var fake = await FakeSystems.StartAsync(provider);
        var time = new FakeTimeProvider(TestEscalations.At);
        await using var services = ProviderServices.Build(fake, time, new Dictionary<string, string?> { ["Tickets:Resilience:AttemptTimeout"] = "00:00:10" });
        fake.Mode = FakeMode.Hang;

        var create = services.GetRequiredService<ITicketProvider>().CreateAsync(Draft("esc-hang"), CancellationToken.None);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => time.AdvanceUntilDoneAsync(create, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
        Assert.Empty(fake.Tickets);
    }

    [Fact]
    public async Task Circuit_breaker_opens_for_the_failing_provider_only()
    {
        await using var serviceNow = await FakeTicketSystem.StartAsync<FakeServiceNow>();
        await using var jira = await FakeTicketSystem.StartAsync<FakeJira>();
        var settings = new Dictionary<string, string?>(serviceNow.Settings);
        foreach (var (key, value) in jira.Settings)
        {
            settings[key] = value;
        }

        settings["Tickets:Provider"] = "ServiceNow";
        settings["Tickets:Resilience:BreakerMinimumThroughput"] = "4";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestEscalations.At));
        services.AddLogging();
        services.AddHelpdeskBotTickets(configuration);
        // Both providers in one container, each with its own client and pipeline, as production wires one.
        services.AddOptions<JiraOptions>().BindConfiguration("Tickets:Jira");
        services.AddTicketHttpClient(JiraTicketProvider.ProviderName, _ => jira.BaseAddress, sp => new TicketAuthenticationHandler(() => TicketAuthenticationHandler.Basic(FakeJira.Email, FakeJira.ApiToken)));
        services.AddSingleton<JiraTicketProvider>();
        await using var provider = services.BuildServiceProvider();
        var sn = Assert.IsType<ServiceNowTicketProvider>(provider.GetRequiredService<ITicketProvider>());
        var jiraProvider = provider.GetRequiredService<JiraTicketProvider>();
        serviceNow.Mode = FakeMode.ServerError;

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<TicketProviderException>(() => sn.CreateAsync(Draft($"esc-cb-{i}"), CancellationToken.None));
        }

        var requestsWhenOpened = serviceNow.Requests;
        await Assert.ThrowsAsync<BrokenCircuitException>(() => sn.CreateAsync(Draft("esc-cb-open"), CancellationToken.None));
        Assert.Equal(requestsWhenOpened, serviceNow.Requests);

        var ticket = await jiraProvider.CreateAsync(Draft("esc-cb-jira"), CancellationToken.None);
        Assert.StartsWith("HELP-", ticket.Number, StringComparison.Ordinal);
    }

    /// <summary>What the shared retries metric (<c>helpdeskbot.connector.retries</c>) records: (client, reason).</summary>
    private sealed class RetriesRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public RetriesRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "HelpdeskBot" && instrument.Name == "helpdeskbot.connector.retries")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? client = null, reason = null;
                foreach (var tag in tags)
                {
                    client = tag.Key == "client" ? tag.Value as string : client;
                    reason = tag.Key == "reason" ? tag.Value as string : reason;
                }

                Seen.Enqueue((client, reason));
            });
            _listener.Start();
        }

        public ConcurrentQueue<(string? Client, string? Reason)> Seen { get; } = new();

        public void Dispose() => _listener.Dispose();
    }
}
