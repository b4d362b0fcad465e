using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Storage;

/// <summary>Which database engine holds the bot's state.</summary>
public enum StorageProvider
{
    /// <summary>One file on the local disk: the default, for a single instance.</summary>
    Sqlite,
    /// <summary>A shared PostgreSQL database: for several instances behind a load balancer.</summary>
    Postgres,
}

/// <summary>Settings of section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Sqlite (default) or Postgres.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// How long the health check waits for the database. Default 3 s: below the 5 s default timeout of
    /// Kubernetes readiness probes, so a slow database reads as not ready rather than as a probe timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    [Required]
    public SqliteStorageOptions Sqlite { get; set; } = new();

    [Required]
    public PostgresStorageOptions Postgres { get; set; } = new();
}

/// <summary>Settings of section <c>Storage:Sqlite</c>.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// The database file; a relative path is resolved against the content root and its folder is created.
    /// Default <c>data/helpdeskbot.db</c>: next to the app, outside the published binaries' folder names.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data/helpdeskbot.db";

    /// <summary>
    /// How long a writer waits for the file lock (SQLite <c>busy_timeout</c>). Default 5 s: far above one
    /// write transaction here (well under 10 ms), short enough that a wedged process shows up in health.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Settings of section <c>Storage:Postgres</c>.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>An Npgsql connection string. Required when <see cref="StorageOptions.Provider"/> is Postgres; never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Connections one instance may hold at once; requests beyond it wait for a free one (up to the connection
    /// string's Timeout) instead of failing. Default 20: with Npgsql's own default of 100, two instances under a
    /// burst of clicks took every slot of a server's default max_connections (100 to 200) and requests failed with
    /// "too many clients". Keep instances × this under the server's max_connections. 0 = the connection string's
    /// Maximum Pool Size.
    /// </summary>
    [Range(0, 1000)]
    public int MaxPoolSize { get; set; } = 20;
}
