namespace HelpdeskBot.Admin;

/// <summary>Settings of section <c>Admin</c>: who may use the dashboard and the admin APIs.</summary>
internal sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Shortest key accepted: 32 characters, i.e. 192 bits from <c>openssl rand -base64 24</c> or more.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// API keys, each at least 32 characters; secrets, so set them from the environment (<c>Admin__ApiKeys__0</c>) or
    /// Key Vault, never in a committed file. Default none: the admin surface refuses everything until a key is set.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];
}
