namespace HelpdeskBot.Admin;

/// <summary>What an admin key (or an Entra app role) may do. One scope per admin surface.</summary>
internal static class AdminScopes
{
    /// <summary>GET /dashboard and /api/dashboard.</summary>
    public const string Dashboard = "dashboard";

    /// <summary>GET /api/tickets and the /tickets pages (embedded tickets).</summary>
    public const string TicketsRead = "tickets.read";

    /// <summary>/api/admin/outbox: list and replay escalations (implies tickets.read).</summary>
    public const string TicketsAdmin = "tickets.admin";

    /// <summary>POST /api/diagnoses.</summary>
    public const string Diagnoses = "diagnoses";

    /// <summary>The claim type the scopes travel in on the authenticated user.</summary>
    public const string ClaimType = "helpdeskbot.scope";

    public static readonly IReadOnlyList<string> All = [Dashboard, TicketsRead, TicketsAdmin, Diagnoses];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>The scopes with what they imply (tickets.admin → tickets.read).</summary>
    public static IReadOnlySet<string> Expand(IEnumerable<string> scopes)
    {
        var set = new HashSet<string>(scopes.Where(IsKnown), StringComparer.Ordinal);
        if (set.Contains(TicketsAdmin))
        {
            set.Add(TicketsRead);
        }

        return set;
    }

    /// <summary>Name of the authorization policy that requires <paramref name="scope"/>.</summary>
    public static string Policy(string scope) => "HelpdeskBot.Scope." + scope;
}
