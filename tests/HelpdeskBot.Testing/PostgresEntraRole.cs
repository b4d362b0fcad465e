using Npgsql;

namespace HelpdeskBot.Testing;

/// <summary>
/// The non-admin role an Entra-signed-in bot uses (<c>hb_entra</c>), on the test server whose pg_hba.conf checks only
/// this role's password (./test.sh adds the line): the "password" the tests set is the token the bot must present.
/// </summary>
public static class PostgresEntraRole
{
    public const string Name = "hb_entra";

    /// <summary>
    /// Creates the role as the bootstrap does for a managed identity (docs/deploy.md) with what the migrations need on
    /// <paramref name="db"/>. When the server accepts any password for the role the test is skipped (failed under
    /// CI=true): it could not tell a right token from a wrong one.
    /// </summary>
    public static async Task PrepareAsync(PostgresTestDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using (var admin = new NpgsqlConnection(db.ConnectionString))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{Name}') THEN CREATE ROLE {Name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF;
                END $$;
                GRANT CONNECT, CREATE, TEMPORARY ON DATABASE {db.Name} TO {Name};
                GRANT USAGE, CREATE ON SCHEMA public TO {Name};
                """);
        }

        await SetPasswordAsync(db, "not-the-token");
        try
        {
            await using var wrong = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = Name, Password = "not-the-password" }.ConnectionString);
            await wrong.OpenAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return;
        }

        Prerequisite.Missing($"a PostgreSQL server that checks role {Name}'s password (./test.sh adds 'host all {Name} 127.0.0.1/32 scram-sha-256' to pg_hba.conf)");
    }

    /// <summary>Makes <paramref name="token"/> the only password the server accepts for the role.</summary>
    public static async Task SetPasswordAsync(PostgresTestDatabase db, string token)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var admin = new NpgsqlConnection(db.ConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"ALTER ROLE {Name} PASSWORD '{token}';");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
