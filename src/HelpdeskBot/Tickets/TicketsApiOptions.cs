namespace HelpdeskBot.Tickets;

/// <summary>Settings of section <c>Tickets:Api</c>: who may read tickets and replay the outbox.</summary>
internal sealed class TicketsApiOptions
{
    public const string Section = "Tickets:Api";

    /// <summary>API keys for agents' tools (header X-Api-Key). Secrets: from the environment or Key Vault. None by default.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>API keys that may also replay parked escalations. Secrets.</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>Entra ID bearer tokens for agents (off unless Authority and Audience are set).</summary>
    public EntraApiOptions Entra { get; set; } = new();
}

internal sealed class EntraApiOptions
{
    /// <summary>e.g. https://login.microsoftonline.com/{tenant-id}/v2.0.</summary>
    public string? Authority { get; set; }

    /// <summary>The API's application id URI or client id.</summary>
    public string? Audience { get; set; }

    /// <summary>App role that may replay parked escalations.</summary>
    public string AdminRole { get; set; } = "HelpdeskBot.Admin";
}
