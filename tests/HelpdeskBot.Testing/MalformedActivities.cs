using System.Text;
using System.Text.Json.Nodes;

namespace HelpdeskBot.Testing;

/// <summary>One generated request body for <c>/api/messages</c> and what was done to the valid activity it came from.</summary>
public sealed record FuzzedActivity(string Mutation, string Body);

/// <summary>
/// Deterministic fuzzing of <c>/api/messages</c> (issue 12): from a valid Teams activity, bodies with every known
/// field given each wrong JSON type, required fields removed, null array members, truncations, deep nesting,
/// trailing data, invalid escapes and huge or pathological texts. The same seed gives the same bodies.
/// </summary>
public static class MalformedActivities
{
    private static readonly string[] Paths =
    [
        "type", "id", "timestamp", "localTimestamp", "serviceUrl", "channelId", "from", "from.id", "from.name", "from.aadObjectId",
        "recipient", "recipient.id", "conversation", "conversation.id", "conversation.isGroup", "conversation.conversationType",
        "conversation.tenantId", "text", "textFormat", "locale", "replyToId", "name", "action", "entities", "entities.0",
        "entities.0.type", "entities.0.mentioned", "entities.0.text", "attachments", "attachments.0", "attachments.0.contentType",
        "channelData", "channelData.tenant", "channelData.tenant.id", "membersAdded", "membersAdded.0", "membersAdded.0.id",
        "membersRemoved", "reactionsAdded", "reactionsAdded.0", "value", "value.action", "value.action.data",
    ];

    private static readonly string[] Arrays = ["entities", "attachments", "membersAdded", "membersRemoved", "reactionsAdded", "reactionsRemoved"];

    private static readonly string[] Required = ["type", "serviceUrl", "conversation", "conversation.id", "from", "from.id", "recipient", "recipient.id"];

    private static readonly string[] Symbols = ["<", ">", "&", "\"", "\\", " ", "5", "@", "<at>", "</at>", "<a href=\"https://x", "&amp;", "502 ", "wiki.contoso.com ", "\u00e9", "\ud83d\ude00"];

    /// <summary>
    /// <paramref name="count"/> bodies from <paramref name="valid"/> (a complete activity, not changed). Texts are at
    /// most <paramref name="maxText"/> characters, so the whole body stays under the endpoint's limit.
    /// </summary>
    public static IReadOnlyList<FuzzedActivity> Generate(JsonObject valid, int count, int seed, int maxText = 200_000)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var random = new Random(seed);
        var full = Complete(valid);
        var bodies = new List<FuzzedActivity>(count);

        // Every field with every wrong type first (the systematic part), then random combinations.
        foreach (var path in Paths)
        {
            foreach (var kind in WrongKinds)
            {
                var a = Clone(full, bodies.Count);
                Set(a, path, kind.Value());
                bodies.Add(new FuzzedActivity($"{path}={kind.Name}", a.ToJsonString()));
            }
        }

        while (bodies.Count < count)
        {
            bodies.Add(random.Next(9) switch
            {
                0 => Removed(full, random),
                1 => NullMember(full, random),
                2 => Truncated(full, random),
                3 => Nested(full, random),
                4 => Trailing(full, random),
                5 => Pathological(full, random, maxText),
                6 => Combined(full, random),
                7 => FlippedByte(full, random),
                _ => OtherType(full, random),
            });
        }

        return bodies;
    }

    private static readonly (string Name, Func<JsonNode?> Value)[] WrongKinds =
    [
        ("null", () => null),
        ("number", () => JsonValue.Create(502)),
        ("big-number", () => JsonNode.Parse("1e400")),
        ("bool", () => JsonValue.Create(true)),
        ("string", () => JsonValue.Create("x")),
        ("empty-string", () => JsonValue.Create(string.Empty)),
        ("object", () => new JsonObject { ["k"] = "v" }),
        ("array", () => new JsonArray(1, "two", null)),
    ];

    /// <summary>The valid activity plus one member in each array and a card-action value, so every path exists.</summary>
    private static JsonObject Complete(JsonObject valid)
    {
        var a = (JsonObject)valid.DeepClone();
        a["entities"] ??= new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US" });
        a["attachments"] ??= new JsonArray(new JsonObject { ["contentType"] = "text/html", ["content"] = "<div>hi</div>" });
        a["channelData"] ??= new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } };
        return a;
    }

    /// <summary>A copy with its own activity id: the same id twice would be a redelivery, answered without a second turn.</summary>
    private static JsonObject Clone(JsonObject full, int n)
    {
        var a = (JsonObject)full.DeepClone();
        a["id"] = "fuzz-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return a;
    }

    private static void Set(JsonObject activity, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode parent = activity;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var child = parent is JsonArray arr ? (int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture) < arr.Count ? arr[int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture)] : null) : parent[parts[i]];
            if (child is null)
            {
                child = int.TryParse(parts[i + 1], out _) ? new JsonArray(new JsonObject()) : new JsonObject();
                if (parent is JsonArray list)
                {
                    list.Add(child);
                }
                else
                {
                    parent[parts[i]] = child;
                }
            }

            parent = child;
        }

        var last = parts[^1];
        if (parent is JsonArray array)
        {
            var index = int.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
            while (array.Count <= index)
            {
                array.Add(new JsonObject());
            }

            array[index] = value;
        }
        else if (parent is JsonObject obj)
        {
            obj[last] = value;
        }
    }

    private static FuzzedActivity Removed(JsonObject full, Random random)
    {
        var a = Clone(full, random.Next());
        var path = Required[random.Next(Required.Length)];
        var dot = path.LastIndexOf('.');
        if (dot < 0)
        {
            a.Remove(path);
        }
        else
        {
            a[path[..dot]]?.AsObject().Remove(path[(dot + 1)..]);
        }

        return new FuzzedActivity("remove " + path, a.ToJsonString());
    }

    private static FuzzedActivity NullMember(JsonObject full, Random random)
    {
        var a = Clone(full, random.Next());
        var field = Arrays[random.Next(Arrays.Length)];
        var list = a[field] as JsonArray ?? [];
        a[field] = list;
        list.Insert(random.Next(list.Count + 1), null);
        if (field.StartsWith("members", StringComparison.Ordinal))
        {
            a["type"] = "conversationUpdate";
        }
        else if (field.StartsWith("reactions", StringComparison.Ordinal))
        {
            a["type"] = "messageReaction";
        }

        return new FuzzedActivity($"{field} with a null member", a.ToJsonString());
    }

    private static FuzzedActivity Truncated(JsonObject full, Random random)
    {
        var json = full.ToJsonString();
        var at = random.Next(json.Length);
        return new FuzzedActivity($"truncated at {at}", json[..at]);
    }

    private static FuzzedActivity Nested(JsonObject full, Random random)
    {
        var depth = random.Next(2) == 0 ? random.Next(60, 70) : random.Next(100, 20_000);
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var builder = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            builder.Append(open);
        }

        builder.Append('1');
        for (var i = 0; i < depth; i++)
        {
            builder.Append(close);
        }

        var field = random.Next(3) switch { 0 => "value", 1 => "channelData", _ => "entities" };
        var json = full.ToJsonString();
        return new FuzzedActivity($"{field} nested {depth} deep", json[..^1] + $",\"{field}\":" + builder + "}");
    }

    private static FuzzedActivity Trailing(JsonObject full, Random random)
    {
        string[] tails = ["x", "{}", "[]", "null", ",", full.ToJsonString(), "\u0000", "}"];
        var tail = tails[random.Next(tails.Length)];
        return new FuzzedActivity($"trailing {tail[..Math.Min(8, tail.Length)]}", full.ToJsonString() + (random.Next(2) == 0 ? " " : string.Empty) + tail);
    }

    private static FuzzedActivity Pathological(JsonObject full, Random random, int maxText)
    {
        var a = Clone(full, random.Next());
        var symbol = Symbols[random.Next(Symbols.Length)];
        var length = random.Next(2) == 0 ? maxText : random.Next(1, maxText);
        var builder = new StringBuilder(length + symbol.Length);
        while (builder.Length < length)
        {
            builder.Append(symbol);
        }

        a["text"] = builder.ToString(0, Math.Min(builder.Length, length));
        if (random.Next(2) == 0)
        {
            a["textFormat"] = "xml";
        }

        // Serialized without escaping '<', '>' and '&' (as Teams sends them), so 200,000 of them fit the body limit.
        return new FuzzedActivity($"text of {length} × '{symbol}'", a.ToJsonString(Unescaped));
    }

    private static FuzzedActivity Combined(JsonObject full, Random random)
    {
        var a = Clone(full, random.Next());
        var names = new List<string>();
        for (var i = random.Next(2, 5); i > 0; i--)
        {
            var path = Paths[random.Next(Paths.Length)];
            var kind = WrongKinds[random.Next(WrongKinds.Length)];
            Set(a, path, kind.Value());
            names.Add($"{path}={kind.Name}");
        }

        return new FuzzedActivity(string.Join(", ", names), a.ToJsonString());
    }

    private static FuzzedActivity FlippedByte(JsonObject full, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(full.ToJsonString());
        var at = random.Next(bytes.Length);
        bytes[at] = (byte)random.Next(256);
        return new FuzzedActivity($"byte {at} replaced", Encoding.UTF8.GetString(bytes));
    }

    private static FuzzedActivity OtherType(JsonObject full, Random random)
    {
        var a = (JsonObject)full.DeepClone();
        string[] types = ["invoke", "conversationUpdate", "installationUpdate", "messageReaction", "typing", "event", "endOfConversation", "unknownType"];
        a["type"] = types[random.Next(types.Length)];
        string[] names = ["adaptiveCard/action", "task/fetch", "composeExtension/query", "signin/verifyState", string.Empty];
        a["name"] = names[random.Next(names.Length)];
        a["value"] = random.Next(4) switch
        {
            0 => null,
            1 => new JsonObject { ["action"] = "not an object" },
            2 => new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = 5, ["data"] = new JsonArray() } },
            _ => JsonValue.Create("text value"),
        };
        a["id"] = "fuzz-" + random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new FuzzedActivity($"{a["type"]} named '{a["name"]}'", a.ToJsonString());
    }

    private static readonly System.Text.Json.JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
