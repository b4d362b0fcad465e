using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HelpdeskBot.Conversations.Catalog;

/// <summary>Reads <c>catalog/services.yaml</c>; errors name the file, the line and the problem.</summary>
internal static class ServiceCatalogLoader
{
    public static ServiceCatalog Load(string path)
    {
        if (!File.Exists(path))
        {
            return ServiceCatalog.Empty;
        }

        CatalogFile? file;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
            file = deserializer.Deserialize<CatalogFile>(File.ReadAllText(path));
        }
        catch (YamlException ex)
        {
            throw new ServiceCatalogValidationException([$"{path}:{ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}"], ex);
        }

        var entries = new List<ServiceEntry>();
        var seenAliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        for (var i = 0; i < (file?.Services?.Count ?? 0); i++)
        {
            var s = file!.Services![i];
            var where = $"{path}: services[{i}]";
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                problems.Add($"{where}: missing name");
                continue;
            }

            if (string.IsNullOrWhiteSpace(s.Host) || Uri.CheckHostName(s.Host) == UriHostNameType.Unknown)
            {
                problems.Add($"{where} ({s.Name}): missing or invalid host '{s.Host}'");
                continue;
            }

            foreach (var alias in (s.Aliases ?? []).Append(s.Name))
            {
                if (seenAliases.TryGetValue(alias.Trim(), out var other) && !string.Equals(other, s.Name, StringComparison.Ordinal))
                {
                    problems.Add($"{where} ({s.Name}): alias '{alias}' is also used by '{other}'");
                }

                seenAliases[alias.Trim()] = s.Name;
            }

            entries.Add(new ServiceEntry(s.Name.Trim(), s.Aliases ?? [], s.Host.Trim().ToLowerInvariant(), s.Url, s.OwningTeam, s.Category, s.AssignmentGroup));
        }

        if (problems.Count > 0)
        {
            throw new ServiceCatalogValidationException(problems);
        }

        return new ServiceCatalog(entries);
    }

    private sealed class CatalogFile
    {
        public List<ServiceFile>? Services { get; set; }
    }

    private sealed class ServiceFile
    {
        public string? Name { get; set; }

        public List<string>? Aliases { get; set; }

        public string? Host { get; set; }

        public string? Url { get; set; }

        public string? OwningTeam { get; set; }

        public string? Category { get; set; }

        public string? AssignmentGroup { get; set; }
    }
}
