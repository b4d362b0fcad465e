using Npgsql;

namespace HelpdeskBot.Testing;

/// <summary>
/// A fresh, empty PostgreSQL database <c>hb_test_&lt;guid&gt;</c> on the server named by <c>HB_TEST_POSTGRES</c>
/// (./test.sh starts one on loopback), dropped on dispose. Without the variable <see cref="CreateAsync"/> ends the
/// test as skipped (<see cref="Prerequisite"/>; failed under CI=true).
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "HB_TEST_POSTGRES";

    private readonly string _serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>Connection string of the new database.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(string why = "PostgreSQL engine tests")
    {
        var server = Prerequisite.Require(Variable, why);
        var name = "hb_test_" + Guid.NewGuid().ToString("N");
        var connection = new NpgsqlConnection(server);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new PostgresTestDatabase(server, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var connection = new NpgsqlConnection(_serverConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            // FORCE (PostgreSQL 13+) ends sessions a test left open, e.g. a "killed" host's pool.
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }
}
