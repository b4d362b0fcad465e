using System.Data.Common;
using System.Globalization;
using HelpdeskBot.Storage.Sql;

namespace HelpdeskBot.Storage.Schema;

/// <summary>
/// The checksum of each applied migration in <c>schema_version.checksum</c>: a script changed after it was applied (a
/// database that then differs from what the scripts say) stops the start with the file named. Rows without one (applied
/// before checksums were kept, or by this start before the column existed) get it recorded; versions this build does not
/// know (a newer build's, during a rolling upgrade) are left alone.
/// </summary>
internal static class MigrationChecksums
{
    /// <summary>Checks and records in <paramref name="transaction"/>; does nothing while the column does not exist yet.</summary>
    /// <param name="columnExistsSql">A query answering whether <c>schema_version.checksum</c> exists (true/1).</param>
    /// <exception cref="MigrationChangedException">An applied migration's script is not the one applied.</exception>
    public static async Task VerifyAndRecordAsync(
        DbConnection connection, DbTransaction? transaction, SqlDialect dialect, IReadOnlyList<Migration> migrations, string columnExistsSql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = columnExistsSql;
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            return;
        }

        var applied = new List<(int Version, string? Checksum)>();
        command.CommandText = "SELECT version, checksum FROM schema_version ORDER BY version;";
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add((Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        var known = migrations.ToDictionary(m => m.Version);
        foreach (var (version, checksum) in applied)
        {
            if (!known.TryGetValue(version, out var migration))
            {
                continue;
            }

            if (checksum is null)
            {
                await using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "UPDATE schema_version SET checksum = @checksum WHERE version = @version AND checksum IS NULL;";
                record.Parameters.Add(dialect.Parameter("checksum", migration.Checksum));
                record.Parameters.Add(dialect.Parameter("version", version));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
            {
                throw new MigrationChangedException(migration, checksum);
            }
        }
    }
}
