using System.Globalization;
using System.Text.Json;
using HelpdeskBot.Protocol.Cards;

namespace HelpdeskBot.Conversations.Flow;

/// <summary>A click on a case card, from an Action.Execute invoke or its Action.Submit fallback.</summary>
internal sealed record CaseAction(string Verb, string CaseId, long Version, IReadOnlyDictionary<string, string> Data)
{
    public string? Get(string key) => Data.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>Reads verb and data; inputs merged into data by Teams come along. Null when it is not a case action.</summary>
    public static CaseAction? From(string? verb, JsonElement? data)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data is { ValueKind: JsonValueKind.Object } d)
        {
            foreach (var p in d.EnumerateObject())
            {
                map[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString() ?? string.Empty,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                    _ => string.Empty,
                };
            }
        }

        verb ??= map.GetValueOrDefault(ActionExecute.VerbDataKey);
        if (string.IsNullOrEmpty(verb) || !verb.StartsWith("case.", StringComparison.Ordinal))
        {
            return null;
        }

        var caseId = map.GetValueOrDefault(Verbs.CaseIdKey) ?? string.Empty;
        _ = long.TryParse(map.GetValueOrDefault(Verbs.VersionKey), NumberStyles.None, CultureInfo.InvariantCulture, out var version);
        return new CaseAction(verb, caseId, version, map);
    }
}
