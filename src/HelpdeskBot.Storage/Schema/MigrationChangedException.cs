namespace HelpdeskBot.Storage.Schema;

/// <summary>An applied migration's script differs from the one applied: a start-up error, never retried.</summary>
internal sealed class MigrationChangedException(Migration migration, string appliedChecksum) : InvalidOperationException(
    $"Migration {migration.FilePath} was changed after it was applied to this database (applied SHA-256 {appliedChecksum}, now {migration.Checksum}). " +
    "An applied migration must never be edited: restore the file as it was and put the change in a new migration.")
{
    public Migration Migration { get; } = migration;
}
