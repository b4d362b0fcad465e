using YamlDotNet.RepresentationModel;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>Reading YAML nodes with an error naming the line for anything unexpected.</summary>
internal sealed partial class RunbookLoader
{
    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static IEnumerable<YamlScalarNode> Scalars(YamlNode? node) => node switch
    {
        null => [],
        YamlScalarNode s => [s],
        YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>(),
        _ => [],
    };

    private void CheckKeys(YamlMappingNode map, HashSet<string> allowed, string what)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowed.Contains(name))
            {
                Error(key.Start.Line, $"unknown key '{name}' in {what} (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    private string? RequiredString(YamlMappingNode map, string key, string what)
    {
        var value = OptionalString(map, key);
        if (string.IsNullOrWhiteSpace(value))
        {
            Error(map.Start.Line, $"{what} is missing {key}");
            return null;
        }

        return value.Trim();
    }

    private static string? OptionalString(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private bool? Bool(YamlMappingNode map, string key)
    {
        if (Child(map, key) is not YamlScalarNode s)
        {
            return null;
        }

        if (bool.TryParse(s.Value, out var b))
        {
            return b;
        }

        Error(s.Start.Line, $"{key} must be true or false, not '{s.Value}'");
        return null;
    }
}
