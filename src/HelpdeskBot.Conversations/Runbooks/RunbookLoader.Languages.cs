using System.Collections.Frozen;
using System.Text.RegularExpressions;
using HelpdeskBot.Conversations.Localization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>
/// A runbook's texts in another language: <c>http-502.de.yaml</c> beside <c>http-502.yaml</c>, holding only texts keyed
/// by step and answer id (ids, conditions and outcomes stay in the runbook). Each is read into a translated copy of the
/// runbook once, at start-up; a card then reads its language's copy with a dictionary lookup.
/// </summary>
internal sealed partial class RunbookLoader
{
    private static readonly HashSet<string> TextKeys = ["title", "summary", "steps"];
    private static readonly HashSet<string> StepTextKeys = ["title", "instructions", "answers"];

    /// <summary>"name.de.yaml", "name.pt-BR.yml": the last dot-separated part of the name is a language tag.</summary>
    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LanguageTag();

    /// <summary>Whether <paramref name="file"/> is named as another file's texts (<c>&lt;runbook&gt;.&lt;language&gt;.yaml</c>).</summary>
    internal static bool IsLanguageFile(string file, out string runbookStem, out string tag)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        var dot = stem.LastIndexOf('.');
        runbookStem = dot > 0 ? stem[..dot] : stem;
        tag = dot > 0 ? stem[(dot + 1)..] : string.Empty;
        return dot > 0 && LanguageTag().IsMatch(tag);
    }

    /// <summary>
    /// Gives every runbook its translations. A language in <paramref name="required"/> must have every text (an error
    /// per missing one, naming the file, line and language); another shipped language may be partial: its missing
    /// texts stay English, each listed once in <paramref name="fallbacks"/>.
    /// </summary>
    private List<Runbook> Translate(List<Runbook> runbooks, List<string> languageFiles, IReadOnlyList<string> required, List<RunbookFallback> fallbacks)
    {
        var byStem = new Dictionary<(string Directory, string Stem), Runbook>();
        foreach (var rb in runbooks)
        {
            byStem.TryAdd((Path.GetDirectoryName(rb.SourceFile) ?? string.Empty, Path.GetFileNameWithoutExtension(rb.SourceFile)), rb);
        }

        var texts = new Dictionary<(Runbook, string), string>();
        foreach (var file in languageFiles)
        {
            _file = file;
            IsLanguageFile(file, out var stem, out var tag);
            var language = Languages.Shipped.FirstOrDefault(l => string.Equals(l, tag, StringComparison.OrdinalIgnoreCase));
            var directory = Path.GetDirectoryName(file) ?? string.Empty;
            if (language == Languages.English)
            {
                Error(1, $"English texts belong in the runbook itself ({stem}.yaml), not in a language file");
            }
            else if (language is null)
            {
                Error(1, $"'{tag}' is not a language the bot speaks ({string.Join(", ", Languages.Shipped)}); a runbook's texts in another language are named <runbook>.<language>.yaml");
            }
            else if (byStem.TryGetValue((directory, stem), out var rb))
            {
                texts[(rb, language)] = file;
            }
            else if (!File.Exists(Path.Combine(directory, stem + ".yaml")) && !File.Exists(Path.Combine(directory, stem + ".yml")))
            {
                Error(1, $"there is no runbook {stem}.yaml beside these {EnglishName(language)} texts");
            }

            // else: the runbook itself failed to load, and its errors say why.
        }

        var result = new List<Runbook>(runbooks.Count);
        foreach (var rb in runbooks)
        {
            var translations = new Dictionary<string, Runbook>(StringComparer.OrdinalIgnoreCase);
            foreach (var language in Languages.Shipped.Where(l => l != Languages.English))
            {
                var isRequired = required.Contains(language, StringComparer.OrdinalIgnoreCase);
                if (!texts.TryGetValue((rb, language), out var file))
                {
                    if (isRequired)
                    {
                        _errors.Add(new RunbookError(rb.SourceFile, 1,
                            $"no {EnglishName(language)} texts: add {Path.GetFileNameWithoutExtension(rb.SourceFile)}.{language}.yaml beside it (docs/runbooks.md), or leave '{language}' out of Runbooks:Languages to show English instead"));
                    }
                    else
                    {
                        fallbacks.Add(new RunbookFallback(rb.SourceFile, language, [$"every text (there is no {Path.GetFileNameWithoutExtension(rb.SourceFile)}.{language}.yaml)"]));
                    }

                    continue;
                }

                _file = file;
                var missing = new List<(long Line, string What)>();
                if (ReadTexts(file, rb, language, missing) is { } translated)
                {
                    translations[language] = translated;
                }

                if (isRequired)
                {
                    foreach (var (line, what) in missing)
                    {
                        Error(line, what);
                    }
                }
                else if (missing.Count > 0)
                {
                    fallbacks.Add(new RunbookFallback(file, language, [.. missing.Select(m => m.What)]));
                }
            }

            result.Add(rb with { Translations = translations.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase) });
        }

        return result;
    }

    /// <summary>The runbook with this file's texts, English where one is missing (each listed in <paramref name="missing"/>).</summary>
    private Runbook? ReadTexts(string file, Runbook rb, string language, List<(long Line, string What)> missing)
    {
        var named = EnglishName(language);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                Error(1, $"{named} texts must be a mapping with title and steps (keyed by step id)");
                return null;
            }

            root = map;
        }
        catch (YamlException ex)
        {
            Error(ex.Start.Line, $"not valid YAML: {ex.Message}");
            return null;
        }

        CheckKeys(root, TextKeys, $"{named} texts");
        var title = Text(root, "title", missing, 1, $"runbook '{rb.Id}' has no {named} title");
        var stepsNode = Child(root, "steps");
        var stepTexts = new Dictionary<string, (YamlMappingNode Map, long Line)>(StringComparer.Ordinal);
        if (stepsNode is YamlMappingNode stepsMap)
        {
            foreach (var (key, value) in stepsMap.Children)
            {
                var id = (key as YamlScalarNode)?.Value ?? string.Empty;
                if (rb.FindStep(id) is null)
                {
                    Error(key.Start.Line, $"unknown step '{id}' ({Path.GetFileName(rb.SourceFile)} has no such step; steps: {string.Join(", ", rb.Steps.Select(s => s.Id))})");
                }
                else if (value is YamlMappingNode stepMap)
                {
                    stepTexts[id] = (stepMap, key.Start.Line);
                }
                else
                {
                    Error(value.Start.Line, $"the texts of step '{id}' must be a mapping with title, instructions and answers");
                }
            }
        }
        else if (stepsNode is not null)
        {
            Error(stepsNode.Start.Line, "steps must be a mapping from step id to its texts");
        }

        var steps = new List<RunbookStep>(rb.Steps.Count);
        foreach (var step in rb.Steps)
        {
            if (!stepTexts.TryGetValue(step.Id, out var texts))
            {
                missing.Add((KeyLine(root, "steps") ?? 1, $"step '{step.Id}' has no {named} texts (English at {rb.SourceFile}:{step.Line})"));
                steps.Add(step with { Answers = DefaultAnswersIn(step, language) });
                continue;
            }

            CheckKeys(texts.Map, StepTextKeys, $"step '{step.Id}' texts");
            steps.Add(step with
            {
                Title = Text(texts.Map, "title", missing, texts.Line, $"step '{step.Id}' has no {named} title") ?? step.Title,
                Instructions = InstructionsIn(texts, step, rb.SourceFile, named, missing),
                Answers = AnswersIn(texts, step, language, named, missing),
            });
        }

        return rb with
        {
            Title = title ?? rb.Title,
            Summary = OptionalString(root, "summary") is { } summary && !string.IsNullOrWhiteSpace(summary) ? summary.Trim() : rb.Summary,
            Steps = steps,
        };
    }

    private Dictionary<Platform, string> InstructionsIn((YamlMappingNode Map, long Line) texts, RunbookStep step, string runbookFile, string named, List<(long Line, string What)> missing)
    {
        var result = new Dictionary<Platform, string>(step.Instructions);
        var node = Child(texts.Map, "instructions");
        var oneText = step.Instructions.Keys.All(p => p == Platform.Unknown);
        switch (node)
        {
            case null:
                missing.Add((texts.Line, $"step '{step.Id}' has no {named} instructions"));
                return result;
            case YamlScalarNode s when oneText:
                if (string.IsNullOrWhiteSpace(s.Value))
                {
                    missing.Add((s.Start.Line, $"step '{step.Id}' has no {named} instructions"));
                }
                else
                {
                    result[Platform.Unknown] = s.Value.Trim();
                }

                return result;
            case YamlMappingNode m:
                var given = new HashSet<Platform>();
                foreach (var (k, v) in m.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? string.Empty;
                    var platform = key == "default" ? Platform.Unknown : key == "unknown" ? null : PlatformNames.Parse(key);
                    if (platform is null)
                    {
                        Error(k.Start.Line, $"unknown platform '{key}' (use default, windows, macos, linux, ios, android)");
                    }
                    else if (!step.Instructions.ContainsKey(platform.Value))
                    {
                        Error(k.Start.Line, $"step '{step.Id}' has no '{key}' instructions in {Path.GetFileName(runbookFile)}: a language has the platforms the runbook has");
                    }
                    else if (v is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
                    {
                        Error(v.Start.Line, $"instructions for '{key}' must be text");
                        given.Add(platform.Value);
                    }
                    else
                    {
                        result[platform.Value] = text.Trim();
                        given.Add(platform.Value);
                    }
                }

                foreach (var platform in step.Instructions.Keys.Where(p => !given.Contains(p)))
                {
                    missing.Add((KeyLine(texts.Map, "instructions") ?? texts.Line, $"step '{step.Id}' has no {named} instructions for '{PlatformKey(platform)}'"));
                }

                return result;
            default:
                Error(node.Start.Line, $"step '{step.Id}' instructions must be a mapping per platform ({string.Join(", ", step.Instructions.Keys.Select(PlatformKey))}), as in {Path.GetFileName(runbookFile)}");
                return result;
        }
    }

    private static string PlatformKey(Platform platform) => platform == Platform.Unknown ? "default" : PlatformNames.Key(platform);

    private List<StepAnswer> AnswersIn((YamlMappingNode Map, long Line) texts, RunbookStep step, string language, string named, List<(long Line, string What)> missing)
    {
        var node = Child(texts.Map, "answers");
        if (step.HasDefaultAnswers)
        {
            if (node is not null)
            {
                Error(KeyLine(texts.Map, "answers") ?? node.Start.Line, $"step '{step.Id}' offers the default answers, which the bot words in every language: remove answers here");
            }

            return DefaultAnswersIn(step, language);
        }

        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlMappingNode answers)
        {
            foreach (var (k, v) in answers.Children)
            {
                var id = (k as YamlScalarNode)?.Value ?? string.Empty;
                if (step.Answers.All(a => a.Id != id))
                {
                    Error(k.Start.Line, $"step '{step.Id}' has no answer '{id}' (it offers {string.Join(", ", step.Answers.Select(a => a.Id))})");
                }
                else if (v is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
                {
                    titles[id] = text.Trim();
                }
                else
                {
                    Error(v.Start.Line, $"the title of answer '{id}' must be text");
                }
            }
        }
        else if (node is not null)
        {
            Error(node.Start.Line, "answers must be a mapping from answer id to its title");
        }

        var result = new List<StepAnswer>(step.Answers.Count);
        foreach (var answer in step.Answers)
        {
            if (titles.TryGetValue(answer.Id, out var title))
            {
                result.Add(answer with { Title = title });
            }
            else
            {
                missing.Add((KeyLine(texts.Map, "answers") ?? texts.Line, $"answer '{answer.Id}' of step '{step.Id}' has no {named} title"));
                result.Add(answer);
            }
        }

        return result;
    }

    /// <summary>The default answers' titles come from the text catalogue, in every language.</summary>
    private static List<StepAnswer> DefaultAnswersIn(RunbookStep step, string language)
    {
        if (!step.HasDefaultAnswers)
        {
            return [.. step.Answers];
        }

        var texts = UserTexts.For(language);
        return [.. step.Answers.Select(a => a with { Title = StepAnswer.DefaultTitle(a.Id, texts) ?? a.Title })];
    }

    private static string? Text(YamlMappingNode map, string key, List<(long Line, string What)> missing, long line, string what)
    {
        var text = OptionalString(map, key);
        if (string.IsNullOrWhiteSpace(text))
        {
            missing.Add((KeyLine(map, key) ?? line, what));
            return null;
        }

        return text.Trim();
    }

    /// <summary>The line of <paramref name="key"/> itself (a block mapping's value starts on the line after).</summary>
    private static long? KeyLine(YamlMappingNode map, string key) =>
        map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: { } v } && v == key)?.Start.Line;

    private static string EnglishName(string language) => $"{Languages.EnglishName(language)} ({language})";
}
