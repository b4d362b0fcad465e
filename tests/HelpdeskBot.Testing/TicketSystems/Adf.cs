using System.Text.Json.Nodes;

namespace HelpdeskBot.Testing.TicketSystems;

/// <summary>Checks an Atlassian Document Format document as Jira Cloud validates it, and reads its text back.</summary>
public static class Adf
{
    private static readonly HashSet<string> Block = ["paragraph", "heading", "bulletList", "orderedList", "listItem", "table", "tableRow", "tableHeader", "tableCell", "codeBlock", "rule"];

    public static string? Problem(JsonNode? doc)
    {
        if (doc is not JsonObject root || root["type"]?.GetValue<string>() != "doc" || root["version"]?.GetValue<int>() != 1 || root["content"] is not JsonArray)
        {
            return "ADF root must be {type: doc, version: 1, content: [...]}";
        }

        return Node(root["content"]!.AsArray());
    }

    public static string Text(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "text" => o["text"]?.GetValue<string>() ?? string.Empty,
        JsonObject o when o["content"] is JsonArray a => string.Join(" ", a.Select(Text)),
        _ => string.Empty,
    };

    private static string? Node(JsonArray content)
    {
        foreach (var child in content)
        {
            if (child is not JsonObject o || o["type"]?.GetValue<string>() is not { } type)
            {
                return "every ADF node needs a type";
            }

            if (type == "text")
            {
                if (string.IsNullOrEmpty(o["text"]?.GetValue<string>()))
                {
                    return "ADF text nodes must not be empty";
                }

                continue;
            }

            if (!Block.Contains(type))
            {
                return $"unknown ADF node {type}";
            }

            if (type == "heading" && o["attrs"]?["level"]?.GetValue<int>() is not (>= 1 and <= 6))
            {
                return "ADF heading needs attrs.level 1-6";
            }

            if (o["content"] is JsonArray inner && Node(inner) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
