using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Storage.Tests;

/// <summary>
/// Base of every contract test class: a fresh database of the engine the subclass names, the stores of one
/// instance on it, and a fake clock. When the engine is not available (PostgreSQL without HB_TEST_POSTGRES) every
/// test of the class is skipped (<see cref="Prerequisite"/>; failed under CI=true).
/// </summary>
public abstract class StorageContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected StorageEngine Engine { get; private set; } = null!;

    protected HelpdeskBotStores Stores { get; private set; } = null!;

    protected abstract Task<StorageEngine> CreateEngineAsync();

    public async ValueTask InitializeAsync()
    {
        Engine = await CreateEngineAsync();
        Stores = await Engine.OpenAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Engine is not null) // null when creating it failed or skipped the test
        {
            await Engine.DisposeAsync();
        }
    }

    /// <summary>A second instance on the same database (its own connections).</summary>
    protected Task<HelpdeskBotStores> OpenAnotherInstanceAsync() =>
        Engine.OpenAsync();

    protected static Task<StorageEngine> SqliteAsync() => Task.FromResult<StorageEngine>(new SqliteEngine());

    protected static async Task<StorageEngine> PostgresAsync() => await PostgresEngine.CreateAsync();
}
