using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// The Microsoft 365 Agents Toolkit project files: both YAML files are valid against the toolkit's v1.9 schema, and
/// every <c>${{VAR}}</c> they, the ARM parameters file and the Teams manifest use is defined in the environment's
/// env file or written by an earlier action (the toolkit stops at an unresolved one).
/// </summary>
public sealed partial class AgentsToolkitTests : IClassFixture<BicepTests.CompiledTemplate>
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "m365agents-yaml-1.9.json")));

    private readonly BicepTests.CompiledTemplate _template;

    public AgentsToolkitTests(BicepTests.CompiledTemplate template) => _template = template;

    [Theory]
    [InlineData("m365agents.yml")]
    [InlineData("m365agents.local.yml")]
    public void Project_file_is_valid_against_the_toolkit_schema(string file)
    {
        var errors = SchemaErrors(ToJson(LoadYaml(RepositoryRoot.Combine(file))));
        Assert.True(errors.Count == 0, $"{file}:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void A_misspelt_action_fails_the_schema()
    {
        var node = ToJson(LoadYaml(RepositoryRoot.Combine("m365agents.yml")));
        node["provision"]![0]!["uses"] = "teamsApp/creat";
        Assert.NotEmpty(SchemaErrors(node));
    }

    [Theory]
    [InlineData("m365agents.yml", "dev")]
    [InlineData("m365agents.local.yml", "local")]
    public void Every_variable_is_defined_in_the_env_file_or_written_by_an_earlier_action(string file, string environment)
    {
        var env = EnvFile(RepositoryRoot.Combine("env", $".env.{environment}"));
        Assert.Equal(environment, env.GetValueOrDefault("TEAMSFX_ENV"));
        var known = new HashSet<string>(env.Keys, StringComparer.Ordinal);
        var missing = new List<string>();
        var project = ToJson(LoadYaml(RepositoryRoot.Combine(file)));
        var manifestChecked = false;
        foreach (var stage in new[] { "provision", "deploy" })
        {
            foreach (var action in project[stage]?.AsArray() ?? [])
            {
                var uses = action!["uses"]!.GetValue<string>();
                var with = action["with"]?.ToJsonString() ?? "";
                Require(with, $"{file} {stage} {uses}");
                if (action["with"]?["manifestPath"] is not null && !manifestChecked)
                {
                    Require(File.ReadAllText(RepositoryRoot.Combine("manifest", "manifest.json")), $"manifest/manifest.json (at {uses})");
                    manifestChecked = true;
                }

                if (uses == "arm/deploy")
                {
                    foreach (var template in action["with"]!["templates"]!.AsArray())
                    {
                        Require(File.ReadAllText(RepositoryRoot.Combine(template!["parameters"]!.GetValue<string>())), $"{template["parameters"]} (at {uses})");
                    }

                    // The toolkit writes each template output as an environment variable in UPPER_SNAKE_CASE.
                    foreach (var output in _template.Template["outputs"]!.AsObject())
                    {
                        known.Add(ToUpperSnake(output.Key));
                    }
                }

                foreach (var written in action["writeToEnvironmentFile"]?.AsObject() ?? [])
                {
                    known.Add(written.Value!.GetValue<string>());
                }

                if (uses == "file/createOrUpdateEnvironmentFile" && action["with"]!["target"]!.GetValue<string>().Contains("/env/.env.", StringComparison.Ordinal))
                {
                    foreach (var written in action["with"]!["envs"]!.AsObject())
                    {
                        known.Add(written.Key);
                    }
                }
            }
        }

        Assert.True(manifestChecked, $"{file} never packages manifest/manifest.json");
        Assert.True(missing.Count == 0, "undefined: " + string.Join(", ", missing.Distinct()));

        void Require(string text, string where)
        {
            foreach (Match m in Placeholder().Matches(text))
            {
                if (!known.Contains(m.Groups[1].Value))
                {
                    missing.Add($"{m.Groups[1].Value} in {where}");
                }
            }
        }
    }

    [Fact]
    public void The_main_template_has_the_outputs_the_project_file_reads()
    {
        var outputs = _template.Template["outputs"]!.AsObject().Select(o => ToUpperSnake(o.Key)).ToHashSet();
        foreach (var name in new[] { "BOT_ID", "BOT_DOMAIN", "BOT_AZURE_APP_SERVICE_RESOURCE_ID" })
        {
            Assert.Contains(name, outputs);
        }
    }

    [Fact]
    public void Env_files_hold_no_secret_and_the_secret_files_are_ignored()
    {
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("env")))
        {
            Assert.DoesNotContain(EnvFile(file).Keys, k => k.StartsWith("SECRET_", StringComparison.Ordinal));
        }

        var ignored = File.ReadAllLines(RepositoryRoot.Combine(".gitignore"));
        Assert.Contains("env/.env.*.user", ignored);
        Assert.Contains(".localConfigs", ignored);
    }

    private static IReadOnlyList<string> SchemaErrors(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({e.Key}): {e.Value}")).DefaultIfEmpty("invalid").ToList();
    }

    private static YamlNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return stream.Documents.Single().RootNode;
    }

    /// <summary>YAML to JSON as the toolkit reads it: plain true/false and numbers are typed, everything else a string.</summary>
    private static JsonNode ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, (JsonNode?)ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(c => (JsonNode?)ToJson(c)).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when decimal.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode s => JsonValue.Create(s.Value ?? ""),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static Dictionary<string, string> EnvFile(string path) =>
        File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    private static string ToUpperSnake(string name)
    {
        if (name.All(c => char.IsUpper(c) || char.IsDigit(c) || c == '_'))
        {
            return name;
        }

        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(c));
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
