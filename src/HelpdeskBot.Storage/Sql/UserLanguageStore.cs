using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Storage.Schema;

namespace HelpdeskBot.Storage.Sql;

/// <summary>Users' language choices on either engine: one row per user who chose, upserted; "follow Teams" deletes it.</summary>
internal sealed class UserLanguageStore(StorageDatabase database) : IUserLanguageStore
{
    /// <summary>Longest tag kept (BCP 47 lookup tags are far shorter; a longer one is bad input, not a language).</summary>
    private const int MaxLanguageLength = 35;

    public async Task<string?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await using var command = session.Command("SELECT language FROM user_languages WHERE user_id = @user;").With("user", userId);
            return await command.ScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
    }

    public async Task SetAsync(string userId, string? language, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (language is { Length: 0 or > MaxLanguageLength })
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, $"A language tag has 1 to {MaxLanguageLength} characters.");
        }

        await database.ExecuteOneAsync(
            language is null
                ? "DELETE FROM user_languages WHERE user_id = @user;"
                : "INSERT INTO user_languages (user_id, language, chosen_at) VALUES (@user, @language, @at) " +
                  "ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, chosen_at = excluded.chosen_at;",
            c => c.With("user", userId).With("language", language).With("at", at),
            cancellationToken).ConfigureAwait(false);
    }
}
