namespace HelpdeskBot.Storage.Schema;

/// <summary>
/// One engine's database: brings the schema up to date once (on first use or from the hosted migrator,
/// whichever comes first) and answers the health check. Stores call <see cref="EnsureSchemaAsync"/> before
/// touching tables, so a store used without the host (tests, tools) still finds its schema.
/// </summary>
internal abstract class StorageDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    protected StorageDatabase(string engineFolder) => Migrations = Migration.Load(engineFolder);

    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>The schema version this build knows (the highest embedded migration).</summary>
    public int LatestVersion => Migrations[^1].Version;

    /// <summary>Engine and location for logs, never with a password.</summary>
    public abstract string Description { get; }

    public bool IsReady => _ready;

    public async ValueTask EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies the missing migrations; safe when other processes do the same at once.</summary>
    protected abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>A round trip to the database; returns the schema version it holds.</summary>
    public abstract Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        _gate.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
