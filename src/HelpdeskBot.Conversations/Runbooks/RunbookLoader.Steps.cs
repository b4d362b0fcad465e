using HelpdeskBot.Conversations.Understanding;
using YamlDotNet.RepresentationModel;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>Steps: their instructions per platform and their answers (outcome, goto, sets).</summary>
internal sealed partial class RunbookLoader
{
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
                steps.Add(new RunbookStep(id, title, instructions, answers, when, (int)map.Start.Line) { SkipWhen = skipWhen, HasDefaultAnswers = Child(map, "answers") is null });
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
}
