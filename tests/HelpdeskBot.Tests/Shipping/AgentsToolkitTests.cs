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
        var errors = SchemaErrors(ToJson(LoadYaml(ReadRepositoryFile(file))));
        Assert.True(errors.Count == 0, $"{file}:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void A_misspelt_action_fails_the_schema()
    {
        var node = ToJson(LoadYaml(ReadRepositoryFile("m365agents.yml")));
        node["provision"]![0]!["uses"] = "teamsApp/creat";
        Assert.NotEmpty(SchemaErrors(node));
    }

    [Theory]
    [InlineData("m365agents.yml", "dev")]
    [InlineData("m365agents.local.yml", "local")]
    public void Every_variable_is_defined_in_the_env_file_or_written_by_an_earlier_action(string file, string environment)
    {
        Assert.Equal(environment, EnvFile(ReadRepositoryFile(Path.Combine("env", $".env.{environment}"))).GetValueOrDefault("TEAMSFX_ENV"));
        var missing = UndefinedVariables(file, environment, ReadRepositoryFile);
        Assert.True(missing.Count == 0, "undefined: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("m365agents.yml", "dev")]
    [InlineData("m365agents.local.yml", "local")]
    public void A_manifest_placeholder_no_env_file_defines_is_reported(string file, string environment)
    {
        var missing = UndefinedVariables(file, environment, path => path == ManifestPath
            ? ReadRepositoryFile(path).Replace("\"${{DEVELOPER_NAME}}\"", "\"${{ HELPDESK_SUPPORT_NAME }}\"", StringComparison.Ordinal)
            : ReadRepositoryFile(path));
        Assert.Equal([$"HELPDESK_SUPPORT_NAME in {ManifestPath} (at teamsApp/validateManifest)"], missing);
    }

    [Theory]
    [InlineData("m365agents.yml", "dev")]
    [InlineData("m365agents.local.yml", "local")]
    public void A_variable_dropped_from_the_env_file_is_reported_where_it_is_used(string file, string environment)
    {
        var envPath = Path.Combine("env", $".env.{environment}");
        var missing = UndefinedVariables(file, environment, path => path == envPath
            ? string.Join('\n', ReadRepositoryFile(path).Split('\n').Where(l => !l.StartsWith("APP_VERSION=", StringComparison.Ordinal)))
            : ReadRepositoryFile(path));
        Assert.Equal([$"APP_VERSION in {ManifestPath} (at teamsApp/validateManifest)"], missing);
    }

    private const string ManifestPath = "manifest/manifest.json";

    private static string ReadRepositoryFile(string relativePath) => File.ReadAllText(RepositoryRoot.Combine(relativePath));

    /// <summary>
    /// Walks the project file's actions in order, as the toolkit runs them, and returns each <c>${{VAR}}</c> used before
    /// anything defines it: in an action's <c>with</c>, in the manifest when an action first reads it, in an ARM
    /// parameters file. Defined are the env file's keys, an action's <c>writeToEnvironmentFile</c>, the outputs of
    /// <c>arm/deploy</c> and what <c>file/createOrUpdateEnvironmentFile</c> writes to the env file.
    /// </summary>
    private List<string> UndefinedVariables(string file, string environment, Func<string, string> read)
    {
        var known = new HashSet<string>(EnvFile(read(Path.Combine("env", $".env.{environment}"))).Keys, StringComparer.Ordinal);
        var missing = new List<string>();
        var project = ToJson(LoadYaml(read(file)));
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
                    Require(read(ManifestPath), $"{ManifestPath} (at {uses})");
                    manifestChecked = true;
                }

                if (uses == "arm/deploy")
                {
                    foreach (var template in action["with"]!["templates"]!.AsArray())
                    {
                        Require(read(template!["parameters"]!.GetValue<string>()), $"{template["parameters"]} (at {uses})");
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

        Assert.True(manifestChecked, $"{file} never packages {ManifestPath}");
        return missing.Distinct().ToList();

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
            Assert.DoesNotContain(EnvFile(File.ReadAllText(file)).Keys, k => k.StartsWith("SECRET_", StringComparison.Ordinal));
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

    private static YamlNode LoadYaml(string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
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

    private static Dictionary<string, string> EnvFile(string text) =>
        text.Split('\n')
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
