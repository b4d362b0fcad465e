namespace HelpdeskBot.Admin;

/// <summary>
/// Reads the admin keys and Entra settings into <see cref="AdminOptions"/>: <c>Admin:ApiKeys</c> (the scheme) and the
/// deprecated per-area settings it replaced, each still honoured with the scopes it had and a start-up warning that
/// names the setting to use instead.
/// </summary>
internal static class AdminKeyRing
{
    private static readonly (string Setting, string[] Scopes)[] LegacyKeyLists =
    [
        ("Tickets:Api:Keys", [AdminScopes.TicketsRead]),
        ("Tickets:Api:AdminKeys", [AdminScopes.TicketsRead, AdminScopes.TicketsAdmin]),
        ("Diagnoses:ApiKeys", [AdminScopes.Diagnoses]),
    ];

    public static void Read(IConfiguration configuration, AdminOptions options)
    {
        ReadKeys(configuration, options);
        ReadEntra(configuration, options);
    }

    private static void ReadKeys(IConfiguration configuration, AdminOptions options)
    {
        foreach (var entry in configuration.GetSection("Admin:ApiKeys").GetChildren())
        {
            // Some providers give a parent section an empty value: children make it the object form.
            if (entry.Value is { } bare && !entry.GetChildren().Any())
            {
                // The first form of this setting: a bare key, which opened every admin surface.
                options.Keys.Add(new AdminKey($"admin-{entry.Key}", bare.Trim(), AdminScopes.Expand(AdminScopes.All), entry.Path, Legacy: false));
                options.Deprecations.Add(
                    $"{entry.Path} is a bare key (deprecated; it has every scope). Set {entry.Path}:Key to the key and {entry.Path}:Scopes to what it may do ({string.Join(", ", AdminScopes.All)}).");
                continue;
            }

            var scopes = entry.GetSection("Scopes").GetChildren().Select(s => s.Value?.Trim() ?? string.Empty).ToList();
            foreach (var unknown in scopes.Where(s => !AdminScopes.IsKnown(s)))
            {
                options.Errors.Add($"{entry.Path}:Scopes: unknown scope '{unknown}'; use {string.Join(", ", AdminScopes.All)}.");
            }

            if (scopes.Count == 0)
            {
                options.Errors.Add($"{entry.Path}:Scopes is empty: list what the key may do ({string.Join(", ", AdminScopes.All)}).");
            }

            var name = entry["Name"] is { Length: > 0 } n ? n.Trim() : $"admin-{entry.Key}";
            options.Keys.Add(new AdminKey(name, entry["Key"]?.Trim() ?? string.Empty, AdminScopes.Expand(scopes), entry.Path, Legacy: false));
        }

        foreach (var (setting, scopes) in LegacyKeyLists)
        {
            var keys = configuration.GetSection(setting).GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToList();
            foreach (var key in keys)
            {
                options.Keys.Add(new AdminKey($"{setting}:{key.Key}", key.Value!.Trim(), AdminScopes.Expand(scopes), key.Path, Legacy: true)); // not empty: filtered above
            }

            if (keys.Count > 0)
            {
                options.Deprecations.Add(
                    $"{setting} is deprecated: move each key to Admin:ApiKeys:N:Key with Admin:ApiKeys:N:Scopes = [{string.Join(", ", scopes)}].");
            }
        }
    }

    private static void ReadEntra(IConfiguration configuration, AdminOptions options)
    {
        var entra = configuration.GetSection("Admin:Entra").Get<AdminEntraOptions>() ?? new AdminEntraOptions();
        var source = entra.IsConfigured ? "Admin:Entra" : null;
        var tickets = configuration.GetSection("Tickets:Api:Entra");
        if (!string.IsNullOrWhiteSpace(tickets["Authority"]) && !string.IsNullOrWhiteSpace(tickets["Audience"]))
        {
            options.Deprecations.Add("Tickets:Api:Entra is deprecated: set Admin:Entra:Authority, Admin:Entra:Audience and Admin:Entra:AdminRole, and give agents the app role tickets.read (or Admin:Entra:DefaultScopes = [tickets.read]).");
            if (!entra.IsConfigured)
            {
                entra.Authority = tickets["Authority"];
                entra.Audience = tickets["Audience"];
                entra.AdminRole = tickets["AdminRole"] is { Length: > 0 } role ? role : entra.AdminRole;
                source = "Tickets:Api:Entra";
            }

            entra.DefaultScopes.Add(AdminScopes.TicketsRead);
        }

        var diagnoses = configuration.GetSection("Diagnoses");
        if (!string.IsNullOrWhiteSpace(diagnoses["Authority"]))
        {
            options.Deprecations.Add("Diagnoses:Authority/Audience are deprecated: set Admin:Entra:Authority and Admin:Entra:Audience, and give callers the app role diagnoses (or Admin:Entra:DefaultScopes = [diagnoses]).");
            if (!entra.IsConfigured)
            {
                entra.Authority = diagnoses["Authority"];
                entra.Audience = diagnoses["Audience"];
                source = "Diagnoses";
            }

            entra.DefaultScopes.Add(AdminScopes.Diagnoses);
        }

        foreach (var unknown in entra.DefaultScopes.Where(s => !AdminScopes.IsKnown(s)))
        {
            options.Errors.Add($"Admin:Entra:DefaultScopes: unknown scope '{unknown}'; use {string.Join(", ", AdminScopes.All)}.");
        }

        if (source is not null)
        {
            CheckEntra(entra, source, options.Errors);
        }

        options.Entra = entra;
    }

    /// <summary>
    /// An authority JwtBearer cannot use would otherwise fail every admin request (API keys too) with a 500 at request
    /// time, and a missing audience would refuse every token without a word: both stop the start instead.
    /// </summary>
    private static void CheckEntra(AdminEntraOptions entra, string source, List<string> errors)
    {
        if (!Uri.TryCreate(entra.Authority?.Trim(), UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{source}:Authority must be an https URL such as https://login.microsoftonline.com/{{tenant-id}}/v2.0 (it is '{entra.Authority}').");
        }

        if (string.IsNullOrWhiteSpace(entra.Audience))
        {
            errors.Add($"{source}:Audience is required when {source}:Authority is set: the API's application id URI (api://...) or client id.");
        }
    }
}
