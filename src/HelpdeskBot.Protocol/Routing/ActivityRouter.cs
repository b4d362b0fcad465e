using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Protocol.Routing;

/// <summary>
/// Sends each activity to the first matching route of an explicit ordered list. Route names are unique: a
/// duplicate throws when the router is built (at start-up, see <c>MapBotMessages</c>).
/// </summary>
internal sealed class ActivityRouter
{
    private readonly BotRoute[] _routes;

    public ActivityRouter(IEnumerable<BotRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _routes = [.. routes];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in _routes)
        {
            if (!names.Add(route.Name))
            {
                throw new InvalidOperationException($"Bot route '{route.Name}' is registered twice; route names must be unique.");
            }
        }
    }

    /// <summary>The routes in the order they are tried.</summary>
    public IReadOnlyList<BotRoute> Routes => _routes;

    /// <summary>The first route matching <paramref name="activity"/>, or null.</summary>
    public BotRoute? Find(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        foreach (var route in _routes)
        {
            if (route.Matches(activity))
            {
                return route;
            }
        }

        return null;
    }
}
