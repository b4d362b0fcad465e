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

    /// <summary>
    /// How long one health check's answer (including its write probe) is reused: a load balancer probing
    /// every second writes to the store at most once per this period. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan HealthCheckCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the readiness check's row of an instance that no longer writes it (a replaced pod, a renamed host) is
    /// kept in <c>health_probe</c>. Default 1 day: far longer than any live instance's write interval
    /// (HealthCheckCacheDuration, 5 minutes at most), short enough that a table of rolling deployments stays small.
    /// </summary>
    [Range(typeof(TimeSpan), "00:10:00", "365.00:00:00", ErrorMessage = "Storage:HealthProbeRetention must be between 10 minutes and 365 days.")]
    public TimeSpan HealthProbeRetention { get; set; } = TimeSpan.FromDays(1);

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

    /// <summary>
    /// How the bot signs in: <see cref="PostgresAuthentication.Password"/> (default; the connection string's password,
    /// for self-hosted servers) or <see cref="PostgresAuthentication.Entra"/> (Azure Database for PostgreSQL: an Entra
    /// token of the managed identity or workload identity as the password, no password anywhere).
    /// </summary>
    public PostgresAuthentication Authentication { get; set; } = PostgresAuthentication.Password;

    /// <summary>
    /// Client id of the user-assigned managed identity to sign in with (Entra); empty = the system-assigned identity
    /// or whatever DefaultAzureCredential finds (workload identity in Kubernetes, <c>az login</c> on a developer machine).
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Scope of the token (Entra). Default: Azure Database for PostgreSQL's, in the public cloud.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TokenScope { get; set; } = "https://ossrdbms-aad.database.windows.net/.default";

    /// <summary>
    /// Get a new token this long before the current one expires (Entra). Default 5 minutes, as for connector tokens:
    /// Entra tokens live 60 to 90 minutes, and a connection opened just before expiry still signs in.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>How the bot signs in to PostgreSQL.</summary>
public enum PostgresAuthentication
{
    /// <summary>User name and password of the connection string (self-hosted servers).</summary>
    Password,
    /// <summary>A Microsoft Entra access token as the password (Azure Database for PostgreSQL).</summary>
    Entra,
}
