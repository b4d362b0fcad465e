namespace HelpdeskBot.Storage.Tests.Contracts;

/// <summary>The <see cref="Conversations.Localization.IUserLanguageStore"/> contract, run against every engine by the subclasses below.</summary>
public abstract class UserLanguageStoreContract : StorageContract
{
    [Fact]
    public async Task A_choice_is_kept_replaced_and_forgotten_per_user_and_another_instance_reads_it()
    {
        var other = await OpenAnotherInstanceAsync();
        Assert.Null(await Stores.Languages.GetAsync("29:ada", default));

        await Stores.Languages.SetAsync("29:ada", "de", Start, default);
        await Stores.Languages.SetAsync("29:grace", "ja", Start, default);
        Assert.Equal("de", await other.Languages.GetAsync("29:ada", default));

        await other.Languages.SetAsync("29:ada", "pt-BR", Start.AddMinutes(1), default);
        Assert.Equal("pt-BR", await Stores.Languages.GetAsync("29:ada", default));

        await Stores.Languages.SetAsync("29:ada", null, Start.AddMinutes(2), default);
        Assert.Null(await other.Languages.GetAsync("29:ada", default));
        Assert.Equal("ja", await other.Languages.GetAsync("29:grace", default));
    }

    [Fact]
    public async Task Bad_input_is_refused_and_nothing_is_written()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Languages.SetAsync("29:ada", new string('x', 36), Start, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Languages.SetAsync("29:ada", string.Empty, Start, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Languages.SetAsync(string.Empty, "de", Start, default));
        Assert.Null(await Stores.Languages.GetAsync("29:ada", default));
    }
}

public sealed class SqliteUserLanguageStoreTests : UserLanguageStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => SqliteAsync();
}

public sealed class PostgresUserLanguageStoreTests : UserLanguageStoreContract
{
    protected override Task<StorageEngine> CreateEngineAsync() => PostgresAsync();
}
