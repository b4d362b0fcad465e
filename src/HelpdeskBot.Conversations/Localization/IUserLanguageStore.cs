namespace HelpdeskBot.Conversations.Localization;

/// <summary>The language each user chose with the "language" command; kept across restarts and shared by instances.</summary>
/// <remarks>Implemented by Storage for SQLite and PostgreSQL.</remarks>
public interface IUserLanguageStore
{
    /// <summary>The language <paramref name="userId"/> chose, or null when they follow their Teams locale.</summary>
    Task<string?> GetAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="language"/> as the user's choice; null forgets it (back to the Teams locale).</summary>
    Task SetAsync(string userId, string? language, DateTimeOffset at, CancellationToken cancellationToken);
}
