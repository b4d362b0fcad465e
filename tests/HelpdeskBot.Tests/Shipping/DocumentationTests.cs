using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using HelpdeskBot.Conversations.Runbooks;
using HelpdeskBot.Probes.Diagnosis;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// The docs say what the code does: every setting of the sample is explained, every path a doc names exists, the
/// dependency rules are the project references, the walk through one report names real types, and the runbook
/// conditions list every value the loader accepts. (docs/observability.md: ObservabilityDocTests.)
/// </summary>
public sealed partial class DocumentationTests
{
    [Fact]
    public void Every_setting_of_the_sample_is_explained_in_the_configuration_doc()
    {
        var rows = TableRows(Read("docs/configuration.md"))
            .Where(r => r.Length >= 3 && BacktickedName().Match(r[0]) is { Success: true })
            .ToDictionary(r => BacktickedName().Match(r[0]).Groups[1].Value, r => r[2], StringComparer.Ordinal);
        var sample = JsonNode.Parse(Read("appsettings.sample.json"))!;
        var problems = new List<string>();
        foreach (var key in SettingKeys(sample, ""))
        {
            // An array of objects is documented per member: Admin:ApiKeys:N:Key.
            var notes = rows.TryGetValue(key, out var own) ? [own] : rows.Where(r => r.Key.StartsWith(key + ":N:", StringComparison.Ordinal)).Select(r => r.Value).ToList();
            if (notes.Count == 0)
            {
                problems.Add($"{key}: no row");
            }
            else if (notes.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{key}: no explanation");
            }
        }

        Assert.True(problems.Count == 0, "docs/configuration.md:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void The_runbook_doc_shows_the_language_errors_the_loader_gives()
    {
        var folder = Directory.CreateTempSubdirectory("hb-runbook-doc-");
        try
        {
            foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("runbooks"), "*.yaml"))
            {
                File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
            }

            // The German texts without hard-refresh's macOS instructions and without scope's "every site" answer.
            var german = Path.Combine(folder.FullName, "http-502.de.yaml");
            var lines = File.ReadAllLines(german).ToList();
            var macos = lines.FindIndex(lines.FindIndex(l => l == "  hard-refresh:"), l => l == "      macos: |");
            lines.RemoveRange(macos, 1 + lines.Skip(macos + 1).TakeWhile(l => l.StartsWith("        ", StringComparison.Ordinal)).Count());
            lines.RemoveAt(lines.FindIndex(l => l.StartsWith("      all-sites: ", StringComparison.Ordinal)));
            File.WriteAllLines(german, lines);

            var errors = Assert.Throws<RunbookValidationException>(() => RunbookLoader.LoadDirectory(folder.FullName)).Errors;

            Assert.Equal(2, errors.Count);
            var doc = Read("docs/runbooks.md");
            Assert.All(errors, e => Assert.Contains($"runbooks/{Path.GetFileName(e.File)}:{e.Line}: {e.Problem}\n", doc, StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_path_a_doc_names_exists_in_the_repository()
    {
        var files = RepositoryEntries();
        var ignored = IgnorePatterns();
        var missing = new List<string>();
        foreach (var doc in Directory.GetFiles(RepositoryRoot.Combine("docs"), "*.md").Append(RepositoryRoot.Combine("README.md")))
        {
            var relativeDoc = Path.GetRelativePath(RepositoryRoot.Path, doc).Replace('\\', '/');
            var folder = Path.GetDirectoryName(relativeDoc)!.Replace('\\', '/');
            foreach (var path in NamedPaths(File.ReadAllText(doc), files))
            {
                var inFolder = Normalise(folder.Length == 0 ? path : folder + "/" + path);
                var exists = Exists(Normalise(path)) || (inFolder is not null && Exists(inFolder));
                if (!exists && !ignored.Any(p => p.IsMatch(path.TrimStart('.', '/'))))
                {
                    missing.Add($"{relativeDoc}: `{path}`");
                }
            }
        }

        Assert.True(missing.Count == 0, "named but not in the repository:\n" + string.Join('\n', missing));

        // A bare file name (`Program.cs`, `measure.sh` in a paragraph about its folder) names a file somewhere in it.
        bool Exists(string? path) => path is not null && (files.Contains(path) || files.Contains(path.TrimEnd('/') + "/")
            || files.Any(f => f.EndsWith("/" + path, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_path_check_sees_a_missing_file_and_leaves_urls_and_span_names_alone()
    {
        var files = RepositoryEntries();
        var named = NamedPaths("See `docs/nowhere.md`, `src/HelpdeskBot/Program.cs`, `../shared/bench/measure.sh`, `Nowhere.cs`, `probe.http`, `pg_hba.conf`, `POST /api/messages`, `text/html`, `https://x.example/a.md`.", files);
        Assert.Equal(["docs/nowhere.md", "src/HelpdeskBot/Program.cs", "../shared/bench/measure.sh", "Nowhere.cs"], named);
        Assert.Null(Normalise("../shared/bench/measure.sh"));
    }

    [Fact]
    public void The_dependency_rules_of_the_architecture_doc_are_the_project_references()
    {
        var documented = Section(Read("docs/architecture.md"), "## Dependency rules");
        var rules = TableRows(documented)
            .Where(r => r.Length >= 2 && r[0].StartsWith('`'))
            .ToDictionary(r => r[0].Trim('`'), r => r[1]);
        var projects = Directory.GetFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), References);
        Assert.Equal(projects.Keys.Order(), rules.Keys.Order());
        foreach (var (project, references) in projects)
        {
            var rule = rules[project];
            var allowed = rule.StartsWith("every project above", StringComparison.Ordinal)
                ? projects.Keys.Where(p => p != project).ToHashSet()
                : BacktickedName().Matches(rule).Select(m => m.Groups[1].Value).ToHashSet();
            Assert.True(allowed.SetEquals(references), $"{project}: the doc says [{string.Join(", ", allowed.Order())}], the project references [{string.Join(", ", references.Order())}]");
        }
    }

    [Fact]
    public void The_walk_through_one_report_names_real_types_and_members()
    {
        var walk = Section(Read("docs/architecture.md"), "## One report, from `/api/messages` to the ticket");
        var types = typeof(HelpdeskBot.Hosting.HostingExtensions).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("HelpdeskBot.", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Append(typeof(HelpdeskBot.Hosting.HostingExtensions).Assembly)
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsNested || t.IsEnum)
            .GroupBy(t => t.Name.Split('`')[0])
            .ToDictionary(g => g.Key, g => g.ToList());
        var enumMembers = types.Values.SelectMany(t => t).Where(t => t.IsEnum).SelectMany(Enum.GetNames).ToHashSet();
        var names = BacktickedName().Matches(walk).Select(m => m.Groups[1].Value).Where(n => TypeOrMember().IsMatch(n)).Distinct().ToList();
        Assert.True(names.Count >= 30, $"the walk names only {names.Count} types");
        var unknown = new List<string>();
        foreach (var name in names)
        {
            var parts = name.Split('.');
            var known = parts.Length == 1
                ? types.ContainsKey(name) || enumMembers.Contains(name)
                : types.TryGetValue(parts[0], out var candidates) && candidates.Any(t => t.GetMember(parts[1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static).Length > 0);
            if (!known)
            {
                unknown.Add(name);
            }
        }

        Assert.True(unknown.Count == 0, "docs/architecture.md names what the code does not have: " + string.Join(", ", unknown));
    }

    [Theory]
    [InlineData("verdict")]
    [InlineData("hopRole")]
    [InlineData("hopFault")]
    public void The_runbook_doc_lists_every_value_a_condition_accepts(string key)
    {
        var row = TableRows(Section(Read("docs/runbooks.md"), "## Conditions")).Single(r => r[0] == $"`{key}`");
        var documented = BacktickedName().Matches(row[1]).Select(m => m.Groups[1].Value).ToList();
        var accepted = key switch
        {
            "verdict" => Enum.GetValues<VerdictKind>().Select(v => WireNames.Of(v)).ToList(),
            "hopRole" => Enum.GetValues<HopRole>().Select(v => WireNames.Of(v)).ToList(),
            _ => Enum.GetValues<HopFault>().Select(v => WireNames.Of(v)).ToList(),
        };
        Assert.Equal(accepted.Order(), documented.Order());
        if (key == "verdict")
        {
            Assert.All(documented, v => Assert.NotNull(RunbookLoader.ParseVerdict(v)));
        }
    }

    private static string Read(string relativePath) => File.ReadAllText(RepositoryRoot.Combine(relativePath));

    /// <summary>Every leaf key of a settings file, `:`-separated; an array of values or an empty array is one key.</summary>
    private static IEnumerable<string> SettingKeys(JsonNode node, string prefix) => node switch
    {
        JsonObject o => o.SelectMany(p => SettingKeys(p.Value ?? JsonValue.Create(""), prefix.Length == 0 ? p.Key : $"{prefix}:{p.Key}")),
        JsonArray a when a.Count > 0 && a[0] is JsonObject => a.SelectMany(item => SettingKeys(item!, prefix + ":N")).Distinct(),
        _ => [prefix],
    };

    /// <summary>The cells of every Markdown table row (outer pipes removed, cells trimmed; `\|` inside a cell kept).</summary>
    private static IEnumerable<string[]> TableRows(string markdown) =>
        markdown.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith('|') && !l.StartsWith("|---", StringComparison.Ordinal))
            .Select(l => CellSplit().Split(l.Trim('|')).Select(c => c.Trim()).ToArray());

    /// <summary>From a heading to the next heading of the same or a higher level.</summary>
    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section '{heading}'");
        var level = heading.TakeWhile(c => c == '#').Count();
        var rest = markdown[(start + heading.Length + 2)..];
        var end = Regex.Match(rest, $@"^#{{1,{level}}} ", RegexOptions.Multiline);
        return end.Success ? rest[..end.Index] : rest;
    }

    private static HashSet<string> References(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToHashSet();

    /// <summary>
    /// The backticked tokens of a doc (outside code blocks) that are repository paths: relative, no spaces, no URL,
    /// and either starting with one of the repository's top-level entries or <c>../</c>, or ending in a file name
    /// with one of the repository's kinds of file (a span name like <c>probe.http</c> has no folder and is no file kind).
    /// </summary>
    private static List<string> NamedPaths(string markdown, HashSet<string> files)
    {
        var topLevel = files.Select(f => f.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        var text = CodeBlock().Replace(markdown, "");
        var paths = new List<string>();
        foreach (Match m in Backticked().Matches(text))
        {
            var token = m.Groups[1].Value.Trim();
            if (token.Length == 0 || NotAPath().IsMatch(token) || token.Contains("://", StringComparison.Ordinal) || token[0] is '/' or '-' or '$' or '~')
            {
                continue;
            }

            var path = token.StartsWith("./", StringComparison.Ordinal) ? token[2..] : token;
            var segments = path.TrimEnd('/').Split('/');
            var hasFolder = segments.Length > 1;
            var isFile = FileKinds.Contains(Path.GetExtension(segments[^1])) || segments[^1] == "Dockerfile";
            var isOurs = OwnFileKinds.Contains(Path.GetExtension(segments[^1]));
            if ((hasFolder && (topLevel.Contains(segments[0]) || segments[0] == ".." || isFile || path.EndsWith('/'))) || (!hasFolder && isOurs && !path.StartsWith('.')))
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    private static readonly HashSet<string> FileKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ".md", ".cs", ".json", ".yml", ".yaml", ".sql", ".bicep", ".bicepparam", ".sh", ".csproj", ".props", ".tsv", ".png",
        ".txt", ".sln", ".lua", ".conf", ".js", ".svg", ".toml", ".targets",
    };

    /// <summary>Kinds of file a bare name (no folder) is taken as a repository file for; <c>pg_hba.conf</c> is PostgreSQL's.</summary>
    private static readonly HashSet<string> OwnFileKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ".md", ".cs", ".json", ".yml", ".yaml", ".sql", ".bicep", ".bicepparam", ".sh", ".csproj", ".lua", ".png",
    };

    /// <summary>A path inside the repository, `..` resolved; null when it leaves the repository.</summary>
    private static string? Normalise(string path)
    {
        var stack = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                if (stack.Count == 0)
                {
                    return null;
                }

                stack.RemoveAt(stack.Count - 1);
            }
            else if (segment is not ("." or ""))
            {
                stack.Add(segment);
            }
        }

        return string.Join('/', stack) + (path.EndsWith('/') ? "/" : "");
    }

    /// <summary>Every file ("a/b.cs") and folder ("a/") of the working tree, build output and tools left out.</summary>
    private static HashSet<string> RepositoryEntries()
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        var skip = new HashSet<string>(StringComparer.Ordinal) { "bin", "obj", ".git", ".tools", "artifacts", "node_modules", "TestResults" };
        var pending = new Stack<string>([RepositoryRoot.Path]);
        while (pending.TryPop(out var folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                entries.Add(Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/'));
            }

            foreach (var sub in Directory.EnumerateDirectories(folder).Where(d => !skip.Contains(Path.GetFileName(d))))
            {
                entries.Add(Path.GetRelativePath(RepositoryRoot.Path, sub).Replace('\\', '/') + "/");
                pending.Push(sub);
            }
        }

        return entries;
    }

    /// <summary>
    /// The .gitignore patterns: a doc may name a file that is deliberately not committed (`env/.env.local.user`, the
    /// generated `appPackage/build/`). Globs as git reads them: a pattern without an inner slash matches at any depth.
    /// </summary>
    private static List<Regex> IgnorePatterns() =>
        File.ReadAllLines(RepositoryRoot.Combine(".gitignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('!'))
            .Select(l =>
            {
                var anchored = l.TrimEnd('/').Contains('/', StringComparison.Ordinal);
                var glob = Regex.Escape(l.Trim('/')).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal);
                return new Regex((anchored ? "^" : "(^|/)") + glob + "(/|$)", RegexOptions.CultureInvariant);
            })
            .ToList();

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex("`([A-Za-z][A-Za-z0-9_.:-]*)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)?$")]
    private static partial Regex TypeOrMember();

    [GeneratedRegex(@"[\s{}<>*…=@|,;""'()\[\]]")]
    private static partial Regex NotAPath();

    [GeneratedRegex("^```.*?^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSplit();
}
