using System.Globalization;
using HelpdeskBot.Conversations.Understanding;
using HelpdeskBot.Probes.Diagnosis;
using YamlDotNet.RepresentationModel;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>When a runbook and a step apply: <c>appliesTo</c>, <c>when</c>/<c>skipWhen</c> conditions on the diagnosis and earlier answers, and the value sets they name.</summary>
internal sealed partial class RunbookLoader
{
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
}
