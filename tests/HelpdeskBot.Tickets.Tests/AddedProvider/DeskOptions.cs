namespace HelpdeskBot.Tickets.Tests.AddedProvider;

/// <summary>Settings of section <c>Tickets:Desk</c>: a provider the product does not ship, added by this folder only.</summary>
public sealed class DeskOptions
{
    public Uri? BaseUrl { get; set; }

    /// <summary>Secret.</summary>
    public string? ApiKey { get; set; }
}
