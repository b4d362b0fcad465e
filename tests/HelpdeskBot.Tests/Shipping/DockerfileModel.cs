using System.Text.Json;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// deploy/Dockerfile read as a container engine reads it, for the instructions this repository uses: stages
/// (FROM … AS name), WORKDIR, COPY (with --from), RUN, ENV (key=value pairs, backslash continuations) and
/// ENTRYPOINT in exec form. No Docker engine runs on the test machine, so the tests replay these instructions.
/// </summary>
internal sealed partial class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Build => Stages[0];

    public Stage Runtime => Stages[^1];

    public static DockerfileModel Parse(string text)
    {
        var stages = new List<Stage>();
        foreach (var line in LogicalLines(text))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var rest = space < 0 ? "" : line[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add(new Stage(parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : parts[0]));
                continue;
            }

            if (stages.Count == 0)
            {
                continue; // ARG before the first FROM
            }

            var stage = stages[^1];
            switch (keyword)
            {
                case "WORKDIR":
                    stage.WorkDir = rest;
                    break;
                case "COPY":
                    var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var from = words.FirstOrDefault(w => w.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
                    var paths = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
                    stage.Copies.Add(new Copy(from, paths[..^1], paths[^1]));
                    break;
                case "RUN":
                    stage.Runs.Add(rest);
                    break;
                case "ENV":
                    foreach (Match pair in EnvPair().Matches(rest))
                    {
                        stage.Environment[pair.Groups[1].Value] = pair.Groups[2].Value.Trim('"');
                    }

                    break;
                case "ENTRYPOINT":
                    stage.Entrypoint = JsonSerializer.Deserialize<string[]>(rest) ?? [];
                    break;
            }
        }

        return new DockerfileModel(stages);
    }

    /// <summary>Joins backslash continuations and drops comments and blank lines.</summary>
    private static IEnumerable<string> LogicalLines(string text)
    {
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') && current.Length == 0)
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            if (current.Trim().Length > 0)
            {
                yield return current.Trim();
            }

            current = "";
        }
    }

    /// <summary>One stage's instructions.</summary>
    internal sealed class Stage(string name)
    {
        public string Name { get; } = name;

        public string WorkDir { get; set; } = "/";

        public List<Copy> Copies { get; } = [];

        public List<string> Runs { get; } = [];

        public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Entrypoint { get; set; } = [];
    }

    /// <param name="From">The stage copied from, or null for the build context.</param>
    internal sealed record Copy(string? From, IReadOnlyList<string> Sources, string Destination);

    // KEY=value or KEY="value", separated by spaces (the Dockerfile's ENV form with several pairs).
    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S*)")]
    private static partial Regex EnvPair();
}
