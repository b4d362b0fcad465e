using System.Text.Json.Nodes;
using HelpdeskBot.Protocol.Cards;

namespace HelpdeskBot.Testing.Cards;

/// <summary>Every text a reader sees on a card: the <c>text</c>, <c>title</c> and <c>value</c> strings, as serialized.</summary>
public static class CardTexts
{
    public static IEnumerable<string> Of(AdaptiveCard card) => Walk(JsonNode.Parse(CardsJsonContext.ToElement(card).GetRawText()));

    private static IEnumerable<string> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key is "text" or "title" or "value" && value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        yield return s;
                    }

                    foreach (var inner in Walk(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                foreach (var inner in a.SelectMany(Walk))
                {
                    yield return inner;
                }

                break;
        }
    }
}
