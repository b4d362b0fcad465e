using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Protocol.Cards;
using Json.Schema;

namespace HelpdeskBot.Testing.Cards;

/// <summary>
/// Validates cards against the official Adaptive Cards 1.5 JSON schema (copied from microsoft/AdaptiveCards,
/// see Schemas/SOURCES.md). The Teams-only top-level <c>msteams</c> object is not in that schema
/// (additionalProperties: false) and is stripped first, as the shared schemas README advises.
/// </summary>
public static class AdaptiveCardSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "adaptive-card-1.5.json")));

    /// <summary>The schema errors of <paramref name="cardJson"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(string cardJson)
    {
        var node = JsonNode.Parse(cardJson)?.AsObject() ?? throw new ArgumentException("Card JSON is not an object.", nameof(cardJson));
        node.Remove("msteams");
        using var document = JsonDocument.Parse(node.ToJsonString());
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, message) in detail.Errors)
            {
                errors.Add($"{detail.InstanceLocation} ({keyword}): {message}");
            }
        }

        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }

    public static IReadOnlyList<string> Errors(AdaptiveCard card) => Errors(CardsJsonContext.ToJson(card));

    /// <summary>Throws with every schema error and the card JSON when the card is invalid.</summary>
    public static void AssertValid(AdaptiveCard card)
    {
        var json = CardsJsonContext.ToJson(card);
        var errors = Errors(json);
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"Card is not valid Adaptive Card 1.5:\n{string.Join('\n', errors.Take(20))}\n{json}");
        }
    }
}
