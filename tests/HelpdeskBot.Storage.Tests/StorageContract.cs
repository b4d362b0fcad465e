using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Storage.Tests;

/// <summary>
/// Base of every contract test class: a fresh database of the engine the subclass names, the stores of one
/// instance on it, and a fake clock. When the engine is not available (PostgreSQL outside CI without
/// HB_TEST_POSTGRES), <see cref="Stores"/> is null and each test returns at its first line.
/// </summary>
public abstract class StorageContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected StorageEngine? Engine { get; private set; }

    protected HelpdeskBotStores? Stores { get; private set; }

    protected abstract Task<StorageEngine?> CreateEngineAsync();

    public async Task InitializeAsync()
    {
        Engine = await CreateEngineAsync();
        if (Engine is not null)
        {
            Stores = await Engine.OpenAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Engine is not null)
        {
            await Engine.DisposeAsync();
        }
    }

    /// <summary>A second instance on the same database (its own connections).</summary>
    protected Task<HelpdeskBotStores> OpenAnotherInstanceAsync() =>
        Engine?.OpenAsync() ?? throw new InvalidOperationException("No engine.");

    protected static async Task<StorageEngine?> SqliteAsync() => await Task.FromResult<StorageEngine?>(new SqliteEngine());

    protected static async Task<StorageEngine?> PostgresAsync() => await PostgresEngine.TryCreateAsync();
}
