using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tickets;

/// <summary>
/// The ticket providers <c>Tickets:Provider</c> may name. Each provider's folder adds itself with an
/// <c>Add&lt;Provider&gt;</c> extension that registers its options and their validator, its HttpClient with the auth
/// handler, and its <see cref="ITicketProvider"/>; only the chosen provider's registration runs. The names are this
/// list: nothing else spells them out.
/// </summary>
public sealed class TicketProviders
{
    private readonly List<(string Name, Action<IServiceCollection> Register)> _providers = [];

    /// <summary>The provider names, in the order they were added (the first is the default).</summary>
    public IReadOnlyList<string> Names => [.. _providers.Select(p => p.Name)];

    /// <summary>Adds a provider; a name added twice (case-insensitive) is a wiring bug and throws at start.</summary>
    public TicketProviders Add(string name, Action<IServiceCollection> register)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(register);
        if (Find(name) is not null)
        {
            throw new InvalidOperationException($"A ticket provider named '{name}' is already registered.");
        }

        _providers.Add((name, register));
        return this;
    }

    /// <summary>The provider's exact name as added, or null.</summary>
    public string? Find(string? name) =>
        _providers.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)).Name;

    internal void Register(string name, IServiceCollection services) =>
        _providers.First(p => string.Equals(p.Name, name, StringComparison.Ordinal)).Register(services);
}
