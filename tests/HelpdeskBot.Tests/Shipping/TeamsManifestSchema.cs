using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// The official Teams manifest schema 1.22 (and its localization file schema) from shared/schemas. It declares draft-04, which JsonSchema.Net does
/// not load, yet uses draft-06's <c>const</c>; its keywords are all in draft-07, so the dialect URI is swapped
/// in memory (shared/schemas/README.md) and manifestVersion is also checked on its own.
/// </summary>
internal static class TeamsManifestSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => Load("teams-manifest-1.22.json"));

    private static readonly Lazy<JsonSchema> LocalizationSchema = new(() => Load("teams-manifest-localization-1.22.json"));

    public static IReadOnlyList<string> Validate(string manifestJson)
    {
        var errors = Errors(Schema.Value, manifestJson);
        if (JsonNode.Parse(manifestJson)?["manifestVersion"]?.GetValue<string>() != "1.22")
        {
            errors.Add("manifestVersion must be \"1.22\"");
        }

        return errors;
    }

    /// <summary>A language file named by <c>localizationInfo</c> against MicrosoftTeams.Localization.schema.json 1.22.</summary>
    public static IReadOnlyList<string> ValidateLocalization(string json) => Errors(LocalizationSchema.Value, json);

    private static List<string> Errors(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = new List<string>();
        if (!results.IsValid)
        {
            foreach (var detail in results.Details ?? [])
            {
                foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
                {
                    errors.Add($"{detail.InstanceLocation} {keyword}: {message}");
                }
            }

            if (errors.Count == 0)
            {
                errors.Add("invalid (no detail)");
            }
        }

        return errors;
    }

    private static JsonSchema Load(string name)
    {
        var candidates = new[]
        {
            // The copy shipped with the test fixtures (provenance in tests/HelpdeskBot.Testing/Schemas/SOURCES.md).
            Path.Combine(AppContext.BaseDirectory, "Schemas", name),
            Environment.GetEnvironmentVariable("HB_SHARED_DIR") is { Length: > 0 } shared ? Path.Combine(shared, "schemas", name) : null,
            Path.Combine(RepositoryRoot.Path, "..", "shared", "schemas", name),
            // A worktree sits one level deeper (…/wt/<branch>) than a clone beside shared/.
            Path.Combine(RepositoryRoot.Path, "..", "..", "shared", "schemas", name),
        };
        var file = candidates.FirstOrDefault(c => c is not null && File.Exists(c))
            ?? throw new FileNotFoundException(name + " not found in shared/schemas beside the repository.");
        var text = File.ReadAllText(file).Replace(
            "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal);
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
