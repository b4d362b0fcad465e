namespace HelpdeskBot.Admin;

/// <summary>
/// Settings of section <c>Admin</c>: the one scheme for the dashboard, the ticket API and the diagnoses API. Read by
/// <see cref="AdminKeyRing"/> (not bound directly) because <c>Admin:ApiKeys</c> entries may still be bare strings,
/// and the deprecated <c>Tickets:Api:*</c> and <c>Diagnoses:*</c> keys fold into the same list.
/// </summary>
internal sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Shortest key accepted: 32 characters, i.e. 192 bits from <c>openssl rand -base64 24</c> or more.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// Every key with its scopes: <c>Admin:ApiKeys:N:Key</c> + <c>:Scopes</c> (+ optional <c>:Name</c>), bare
    /// <c>Admin:ApiKeys:N</c> strings (deprecated: every scope) and the deprecated per-area lists. Secrets, so set them
    /// from the environment (<c>Admin__ApiKeys__0__Key</c>) or Key Vault, never in a committed file. Default none:
    /// the admin surfaces refuse everything until a key is set.
    /// </summary>
    public List<AdminKey> Keys { get; } = [];

    /// <summary>Entra ID bearer tokens, off unless <c>Admin:Entra:Authority</c> and <c>Audience</c> are set.</summary>
    public AdminEntraOptions Entra { get; set; } = new();

    /// <summary>Settings that still work but should move: one message each, logged at start-up.</summary>
    public List<string> Deprecations { get; } = [];

    /// <summary>Entries that cannot work (unknown scope, no scopes): reported by start-up validation.</summary>
    public List<string> Errors { get; } = [];
}

/// <param name="Name">Who holds the key (logged and shown as the user name), never the key.</param>
/// <param name="Setting">Where it came from, e.g. <c>Admin:ApiKeys:0</c> or <c>Tickets:Api:Keys:1</c>.</param>
/// <param name="Legacy">From a deprecated per-area list (whose keys predate the length rule).</param>
internal sealed record AdminKey(string Name, string Key, IReadOnlySet<string> Scopes, string Setting, bool Legacy)
{
    /// <summary>SHA-256 of the key, computed once when the settings are read: requests compare digests (fixed length, fixed time).</summary>
    public byte[] Digest { get; } = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Key));
}

internal sealed class AdminEntraOptions
{
    /// <summary>e.g. https://login.microsoftonline.com/{tenant-id}/v2.0; empty = bearer tokens are not accepted.</summary>
    public string? Authority { get; set; }

    /// <summary>The API's application id URI or client id.</summary>
    public string? Audience { get; set; }

    /// <summary>App role that grants every scope. Other app roles named like a scope (e.g. <c>tickets.read</c>) grant that scope.</summary>
    public string AdminRole { get; set; } = "HelpdeskBot.Admin";

    /// <summary>Scopes every valid token gets without a role (default none; the deprecated settings set tickets.read / diagnoses).</summary>
    public List<string> DefaultScopes { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
