using System.Data.Common;
using HelpdeskBot.Protocol.Activities;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Conversations.Localization;

/// <summary>
/// Which language the bot writes to a user in: their own choice (the "language" command) wins, else the activity's
/// Teams <c>locale</c> through <see cref="Languages.Resolve"/>. Choices are cached per user (a user's first message
/// after a start reads the store once; none after), so the acknowledgement path costs no store read per message.
/// </summary>
internal sealed class UserLanguages : IDisposable
{
    // One entry is a user id and a short tag; 100,000 users stay within a few MB. A choice made on another
    // instance is seen here when the entry lapses.
    private const int MaxUsers = 100_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly IUserLanguageStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<UserLanguages> _logger;
    private readonly MemoryCache _choices;

    public UserLanguages(IUserLanguageStore store, TimeProvider time, ILogger<UserLanguages> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _choices = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxUsers, Clock = new CacheClock(time) });
    }

    /// <summary>The language to answer this activity's sender in.</summary>
    public async ValueTask<string> ForAsync(Activity activity, CancellationToken cancellationToken) =>
        await ChoiceAsync(activity.From?.Id, cancellationToken).ConfigureAwait(false) ?? Languages.Resolve(activity.Locale);

    /// <summary>The language the user chose, or null when they follow their Teams locale.</summary>
    public async ValueTask<string?> ChoiceAsync(string? userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        if (_choices.TryGetValue(userId, out Choice? cached) && cached is not null)
        {
            return cached.Language;
        }

        string? language;
        try
        {
            language = Languages.TryResolve(await _store.GetAsync(userId, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is DbException or IOException)
        {
            // A store that cannot be read must not cost the user their answer: the locale decides this once.
            Log.LanguageChoiceUnreadable(_logger, ex);
            return null;
        }

        Remember(userId, language);
        return language;
    }

    /// <summary>Keeps the user's choice (null: follow the Teams locale again).</summary>
    public async Task ChooseAsync(string userId, string? language, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await _store.SetAsync(userId, language, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Remember(userId, language);
    }

    private void Remember(string userId, string? language) =>
        _choices.Set(userId, new Choice(language), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    public void Dispose() => _choices.Dispose();

    /// <summary>A cached answer, "no choice" included (so a user without one costs no store read either).</summary>
    private sealed record Choice(string? Language);

    private sealed class CacheClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
