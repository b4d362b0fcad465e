using System.Globalization;
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
internal sealed class RunbookLoader
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

    public static IReadOnlyList<Runbook> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new RunbookValidationException([new RunbookError(directory, 0, "runbook directory does not exist")]);
        }

        var loader = new RunbookLoader();
        var runbooks = new List<Runbook>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal))
        {
            var rb = loader.LoadFile(file, File.ReadAllText(file));
            if (rb is not null)
            {
                runbooks.Add(rb);
            }
        }

        loader.CheckAcrossFiles(runbooks);
        if (loader._errors.Count > 0)
        {
            throw new RunbookValidationException(loader._errors);
        }

        return runbooks;
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

    private (IReadOnlySet<int>, IReadOnlySet<ProblemKind>, bool) ReadAppliesTo(YamlMappingNode root)
    {
        var codes = new HashSet<int>();
        var problems = new HashSet<ProblemKind>();
        var any = false;
        if (Child(root, "appliesTo") is not { } node)
        {
            Error(root.Start.Line, "missing appliesTo (statusCodes and/or problems this runbook handles)");
            return (codes, problems, any);
        }

        if (node is not YamlMappingNode map)
        {
            Error(node.Start.Line, "appliesTo must be a mapping");
            return (codes, problems, any);
        }

        CheckKeys(map, AppliesKeys, "appliesTo");
        foreach (var item in Scalars(Child(map, "statusCodes")))
        {
            if (int.TryParse(item.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
            {
                codes.Add(code);
            }
            else
            {
                Error(item.Start.Line, $"'{item.Value}' is not an HTTP status code");
            }
        }

        foreach (var item in Scalars(Child(map, "problems")))
        {
            if (ParseProblem(item.Value) is { } p)
            {
                problems.Add(p);
            }
            else
            {
                Error(item.Start.Line, $"unknown problem '{item.Value}' (use unreachable, name-not-resolved, timed-out, unspecified)");
            }
        }

        any = Bool(map, "anyServerError") ?? false;
        if (codes.Count == 0 && problems.Count == 0 && !any)
        {
            Error(map.Start.Line, "appliesTo names no statusCodes, problems or anyServerError");
        }

        return (codes, problems, any);
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

    private List<RunbookStep> ReadSteps(YamlMappingNode root)
    {
        var steps = new List<RunbookStep>();
        if (Child(root, "steps") is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            Error(Child(root, "steps")?.Start.Line ?? root.Start.Line, "missing steps (a list of at least one step)");
            return steps;
        }

        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        var gotos = new List<(string Target, long Line)>();
        var answerRefs = new List<(string Step, string Answer, long Line)>();
        foreach (var node in seq.Children)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node.Start.Line, "a step must be a mapping with id, title and instructions");
                continue;
            }

            CheckKeys(map, StepKeys, "step");
            var id = RequiredString(map, "id", "step");
            var title = RequiredString(map, "title", $"step '{id}'");
            if (id is not null && !ids.TryAdd(id, map.Start.Line))
            {
                Error(map.Start.Line, $"duplicate step id '{id}' (first at line {ids[id]})");
                continue;
            }

            var instructions = ReadInstructions(map, id);
            var answers = ReadAnswers(map, id, gotos);
            var when = Child(map, "when") is { } w ? ReadCondition(w, $"step '{id}' when", answerRefs) : null;
            var skipWhen = Child(map, "skipWhen") is { } skip ? ReadConditions(skip, $"step '{id}' skipWhen", answerRefs) : [];
            if (id is not null && title is not null)
            {
                steps.Add(new RunbookStep(id, title, instructions, answers, when, (int)map.Start.Line) { SkipWhen = skipWhen });
            }
        }

        foreach (var (target, line) in gotos)
        {
            if (!ids.ContainsKey(target))
            {
                Error(line, $"unknown step '{target}' in goto");
            }
        }

        foreach (var (step, answer, line) in answerRefs)
        {
            var s = steps.FirstOrDefault(x => x.Id == step);
            if (s is null)
            {
                Error(line, $"unknown step '{step}' in condition answers");
            }
            else if (s.Answers.All(a => a.Id != answer))
            {
                Error(line, $"step '{step}' has no answer '{answer}' (it offers {string.Join(", ", s.Answers.Select(a => a.Id))})");
            }
        }

        return steps;
    }

    private Dictionary<Platform, string> ReadInstructions(YamlMappingNode step, string? id)
    {
        var result = new Dictionary<Platform, string>();
        switch (Child(step, "instructions"))
        {
            case null:
                Error(step.Start.Line, $"step '{id}' has no instructions");
                break;
            case YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value):
                result[Platform.Unknown] = s.Value.Trim();
                break;
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    var key = ((YamlScalarNode)k).Value ?? string.Empty;
                    var platform = key == "default" ? Platform.Unknown : PlatformNames.Parse(key);
                    if (platform is null || key == "unknown")
                    {
                        Error(k.Start.Line, $"unknown platform '{key}' (use default, windows, macos, linux, ios, android)");
                    }
                    else if (v is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
                    {
                        Error(v.Start.Line, $"instructions for '{key}' must be text");
                    }
                    else
                    {
                        result[platform.Value] = text.Trim();
                    }
                }

                break;
            case var other:
                Error(other.Start.Line, $"step '{id}' instructions must be text or a mapping per platform");
                break;
        }

        return result;
    }

    private List<StepAnswer> ReadAnswers(YamlMappingNode step, string? stepId, List<(string, long)> gotos)
    {
        if (Child(step, "answers") is not { } node)
        {
            return [.. StepAnswer.Defaults];
        }

        var answers = new List<StepAnswer>();
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            Error(node.Start.Line, $"step '{stepId}' answers must be a non-empty list");
            return answers;
        }

        foreach (var item in seq.Children)
        {
            if (item is not YamlMappingNode map)
            {
                Error(item.Start.Line, "an answer must be a mapping with id and title");
                continue;
            }

            CheckKeys(map, AnswerKeys, "answer");
            var id = RequiredString(map, "id", "answer");
            var title = RequiredString(map, "title", $"answer '{id}'");
            var outcomeText = OptionalString(map, "outcome") ?? "next";
            AnswerOutcome? outcome = outcomeText switch { "next" => AnswerOutcome.Next, "resolved" => AnswerOutcome.Resolved, "escalate" => AnswerOutcome.Escalate, _ => null };
            if (outcome is null)
            {
                Error(Child(map, "outcome")!.Start.Line, $"unknown outcome '{outcomeText}' (use next, resolved, escalate)");
            }

            var target = OptionalString(map, "goto");
            if (target is not null)
            {
                gotos.Add((target, Child(map, "goto")!.Start.Line));
            }

            ReportScope? sets = null;
            if (Child(map, "sets") is { } setsNode)
            {
                if (setsNode is YamlMappingNode sm && sm.Children.Count == 1 && OptionalString(sm, "scope") is { } s && ParseScope(s) is { } scope)
                {
                    sets = scope;
                }
                else
                {
                    Error(setsNode.Start.Line, "sets supports only 'scope: this-site | all-sites'");
                }
            }

            if (id is not null && title is not null && answers.Any(a => a.Id == id))
            {
                Error(map.Start.Line, $"duplicate answer id '{id}' in step '{stepId}'");
            }
            else if (id is not null && title is not null)
            {
                answers.Add(new StepAnswer(id, title, outcome ?? AnswerOutcome.Next, target, sets));
            }
        }

        return answers;
    }

    /// <summary>One condition, or a list of them (any holds).</summary>
    private List<StepCondition> ReadConditions(YamlNode node, string where, List<(string, string, long)> answerRefs)
    {
        var items = node is YamlSequenceNode seq ? seq.Children : [node];
        if (items.Count == 0)
        {
            Error(node.Start.Line, $"bad condition in {where}: an empty list never holds; remove the key instead");
        }

        return [.. items.Select(item => ReadCondition(item, where, answerRefs)).OfType<StepCondition>()];
    }

    private StepCondition? ReadCondition(YamlNode node, string where, List<(string, string, long)>? answerRefs = null)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start.Line, $"bad condition in {where}: expected a mapping of {string.Join(", ", ConditionKeys)}");
            return null;
        }

        CheckKeys(map, ConditionKeys, $"condition in {where}");
        var c = new StepCondition();
        if (Child(map, "scope") is { } scopeNode)
        {
            c = c with { Scope = ParseSet<ReportScope>(scopeNode, ParseScope, "scope", "unknown, this-site, all-sites") };
        }

        if (Child(map, "verdict") is { } verdictNode)
        {
            c = c with { Verdict = ParseSet<VerdictKind>(verdictNode, ParseVerdict, "verdict", Allowed<VerdictKind>()) };
        }

        if (Child(map, "serverSideFault") is not null)
        {
            c = c with { ServerSideFault = Bool(map, "serverSideFault") };
        }

        if (Child(map, "statusCode") is { } codeNode)
        {
            c = c with { StatusCode = ParseSet<int>(codeNode, v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i is >= 100 and <= 599 ? i : (int?)null, "statusCode", "HTTP status codes") };
        }

        if (Child(map, "platform") is { } platformNode)
        {
            c = c with { Platform = ParseSet<Platform>(platformNode, v => PlatformNames.Parse(v) is { } p and not Platform.Unknown ? p : null, "platform", "windows, macos, linux, ios, android") };
        }

        if (Child(map, "dnsOutcome") is { } dnsNode)
        {
            c = c with { DnsOutcome = ParseSet<ResolverOutcome>(dnsNode, v => WireNames.Parse<ResolverOutcome>(v) is { } o and (ResolverOutcome.Nxdomain or ResolverOutcome.Nodata or ResolverOutcome.Servfail) ? o : null, "dnsOutcome", "nxdomain, nodata, servfail") };
        }

        if (Child(map, "resolversDisagree") is not null)
        {
            c = c with { ResolversDisagree = Bool(map, "resolversDisagree") };
        }

        if (Child(map, "hopRole") is { } roleNode)
        {
            c = c with { HopRole = ParseSet<HopRole>(roleNode, WireNames.Parse<HopRole>, "hopRole", Allowed<HopRole>()) };
        }

        if (Child(map, "hopFault") is { } faultNode)
        {
            c = c with { HopFault = ParseSet<HopFault>(faultNode, WireNames.Parse<HopFault>, "hopFault", Allowed<HopFault>()) };
        }

        if (Child(map, "protocol") is { } protocolNode)
        {
            var protocols = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in Scalars(protocolNode))
            {
                if (Protocols.Contains(item.Value))
                {
                    protocols.Add(item.Value!);
                }
                else
                {
                    Error(item.Start.Line, $"bad condition: protocol '{item.Value}' is not one of {string.Join(", ", Protocols)}");
                }
            }

            c = c with { Protocol = protocols };
        }

        if (Child(map, "answers") is { } answersNode)
        {
            if (answersNode is not YamlMappingNode am)
            {
                Error(answersNode.Start.Line, $"bad condition in {where}: answers must map step id to answer id(s)");
            }
            else
            {
                var answers = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
                foreach (var (k, v) in am.Children)
                {
                    var step = ((YamlScalarNode)k).Value ?? string.Empty;
                    var ids = Scalars(v).Select(s => s.Value ?? string.Empty).ToHashSet(StringComparer.Ordinal);
                    foreach (var a in ids)
                    {
                        answerRefs?.Add((step, a, k.Start.Line));
                    }

                    answers[step] = ids;
                }

                c = c with { Answers = answers };
            }
        }

        return c;
    }

    private HashSet<T> ParseSet<T>(YamlNode node, Func<string, T?> parse, string key, string allowed)
        where T : struct
    {
        var set = new HashSet<T>();
        foreach (var item in Scalars(node))
        {
            if (parse(item.Value ?? string.Empty) is { } v)
            {
                set.Add(v);
            }
            else
            {
                Error(item.Start.Line, $"bad condition: {key} '{item.Value}' is not one of {allowed}");
            }
        }

        return set;
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

    internal static ProblemKind? ParseProblem(string? value) => value switch
    {
        "unreachable" => ProblemKind.Unreachable,
        "name-not-resolved" => ProblemKind.NameNotResolved,
        "timed-out" => ProblemKind.TimedOut,
        "unspecified" => ProblemKind.Unspecified,
        _ => null,
    };

    internal static ReportScope? ParseScope(string? value) => value switch
    {
        "unknown" => ReportScope.Unknown,
        "this-site" => ReportScope.ThisSite,
        "all-sites" => ReportScope.AllSites,
        _ => null,
    };

    private static string Allowed<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(WireNames.Of));

    internal static VerdictKind? ParseVerdict(string? value) =>
        Enum.TryParse<VerdictKind>((value ?? string.Empty).Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var v)
        && !int.TryParse(value, out _) ? v : null;

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

    private void Error(long line, string problem) => _errors.Add(new RunbookError(_file, (int)line, problem));
}
