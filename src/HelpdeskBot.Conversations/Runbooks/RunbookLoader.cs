using System.Globalization;
using HelpdeskBot.Conversations.Localization;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>
/// Reads and validates <c>*.yaml</c> runbooks. It walks the YAML node tree (not a POCO deserializer) so every
/// error names the file and line: unknown keys, unknown step references, duplicate ids, missing titles, bad
/// conditions, unknown platforms. All problems of all files are reported at once.
/// </summary>
internal sealed partial class RunbookLoader
{
    private static readonly HashSet<string> RunbookKeys = ["id", "title", "summary", "appliesTo", "escalation", "steps"];
    private static readonly HashSet<string> StepKeys = ["id", "title", "instructions", "answers", "when", "skipWhen"];
    private static readonly HashSet<string> AnswerKeys = ["id", "title", "outcome", "goto", "sets"];
    private static readonly HashSet<string> ConditionKeys = ["scope", "verdict", "serverSideFault", "statusCode", "platform", "answers", "dnsOutcome", "resolversDisagree", "hopRole", "hopFault", "protocol"];
    private static readonly string[] Protocols = ["h2", "http/1.1"];
    private static readonly HashSet<string> AppliesKeys = ["statusCodes", "problems", "anyServerError"];
    private static readonly HashSet<string> EscalationKeys = ["escalateImmediatelyWhen", "whenStepsExhausted", "urgency", "impact"];

    private readonly List<RunbookError> _errors = [];
    private string _file = string.Empty;

    /// <summary>Loads a folder with the default languages required (tests and tools).</summary>
    public static IReadOnlyList<Runbook> LoadDirectory(string directory) => LoadDirectory(directory, RunbooksOptions.DefaultLanguages, []);

    /// <summary>
    /// Loads every runbook of <paramref name="directory"/> with its texts in the other languages
    /// (<c>&lt;runbook&gt;.&lt;language&gt;.yaml</c>); <paramref name="required"/> languages must be complete, the texts
    /// another language lacks are added to <paramref name="fallbacks"/> (they show in English).
    /// </summary>
    public static IReadOnlyList<Runbook> LoadDirectory(string directory, IReadOnlyList<string> required, List<RunbookFallback> fallbacks)
    {
        if (!Directory.Exists(directory))
        {
            throw new RunbookValidationException([new RunbookError(directory, 0, "runbook directory does not exist")]);
        }

        var loader = new RunbookLoader();
        var runbooks = new List<Runbook>();
        var languageFiles = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal))
        {
            if (IsLanguageFile(file, out _, out _))
            {
                languageFiles.Add(file);
                continue;
            }

            var rb = loader.LoadFile(file, File.ReadAllText(file));
            if (rb is not null)
            {
                runbooks.Add(rb);
            }
        }

        loader.CheckAcrossFiles(runbooks);
        var translated = loader.Translate(runbooks, languageFiles, required, fallbacks);
        if (loader._errors.Count > 0)
        {
            throw new RunbookValidationException(loader._errors);
        }

        return translated;
    }

    /// <summary>Parses one runbook text; errors go to the returned list (for tests and the docs' examples).</summary>
    public static (Runbook? Runbook, IReadOnlyList<RunbookError> Errors) Parse(string file, string yaml)
    {
        var loader = new RunbookLoader();
        var rb = loader.LoadFile(file, yaml);
        return (loader._errors.Count == 0 ? rb : null, loader._errors);
    }

    private Runbook? LoadFile(string file, string yaml)
    {
        _file = file;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            Error(ex.Start.Line, $"not valid YAML: {ex.Message}");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(1, "a runbook must be a mapping with id, title and steps");
            return null;
        }

        CheckKeys(root, RunbookKeys, "runbook");
        var id = RequiredString(root, "id", "runbook");
        var title = RequiredString(root, "title", "runbook");
        var summary = OptionalString(root, "summary");
        var (codes, problems, anyServerError) = ReadAppliesTo(root);
        var escalation = ReadEscalation(root);
        var steps = ReadSteps(root);
        if (id is null || title is null)
        {
            return null;
        }

        return new Runbook(id, title, summary, file, codes, problems, anyServerError, escalation, steps);
    }

    private EscalationPolicy ReadEscalation(YamlMappingNode root)
    {
        if (Child(root, "escalation") is not { } node)
        {
            return EscalationPolicy.Default;
        }

        if (node is not YamlMappingNode map)
        {
            Error(node.Start.Line, "escalation must be a mapping");
            return EscalationPolicy.Default;
        }

        CheckKeys(map, EscalationKeys, "escalation");
        StepCondition? immediate = null;
        if (Child(map, "escalateImmediatelyWhen") is { } when)
        {
            // Shorthand: "escalateImmediatelyWhen: serverSideFault".
            immediate = when is YamlScalarNode { Value: "serverSideFault" }
                ? new StepCondition { ServerSideFault = true }
                : ReadCondition(when, "escalateImmediatelyWhen");
        }

        var urgency = OptionalString(map, "urgency") ?? "medium";
        if (urgency is not ("low" or "medium" or "high" or "critical"))
        {
            Error(Child(map, "urgency")!.Start.Line, $"urgency '{urgency}' must be low, medium, high or critical");
        }

        return new EscalationPolicy(immediate, Bool(map, "whenStepsExhausted") ?? true, urgency, OptionalString(map, "impact") ?? "single-user");
    }

    private void CheckAcrossFiles(List<Runbook> runbooks)
    {
        var ids = new Dictionary<string, Runbook>(StringComparer.Ordinal);
        var codes = new Dictionary<int, Runbook>();
        var problems = new Dictionary<ProblemKind, Runbook>();
        foreach (var rb in runbooks)
        {
            if (!ids.TryAdd(rb.Id, rb))
            {
                _errors.Add(new RunbookError(rb.SourceFile, 1, $"duplicate runbook id '{rb.Id}' (also in {ids[rb.Id].SourceFile})"));
            }

            foreach (var code in rb.StatusCodes)
            {
                if (!codes.TryAdd(code, rb))
                {
                    _errors.Add(new RunbookError(rb.SourceFile, 1, $"status code {code} is also handled by runbook '{codes[code].Id}' ({codes[code].SourceFile})"));
                }
            }

            foreach (var p in rb.Problems)
            {
                if (!problems.TryAdd(p, rb))
                {
                    _errors.Add(new RunbookError(rb.SourceFile, 1, $"problem {p} is also handled by runbook '{problems[p].Id}'"));
                }
            }
        }
    }

    private void Error(long line, string problem) => _errors.Add(new RunbookError(_file, (int)line, problem));
}
