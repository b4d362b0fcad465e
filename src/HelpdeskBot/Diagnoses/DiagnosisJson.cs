using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes;

namespace HelpdeskBot.Diagnoses;

/// <summary>
/// The diagnosis as the API and `probe --json` return it: the facts, plus <c>verdict.summary</c>, the operator's
/// one-line wording (<see cref="ProbeReport.OperatorSummary"/>) — Probes itself writes no sentences.
/// </summary>
internal static class DiagnosisJson
{
    public static JsonObject ToJson(Diagnosis diagnosis, ProbesJsonContext context)
    {
        var node = JsonSerializer.SerializeToNode(diagnosis, context.Diagnosis)?.AsObject()
            ?? throw new InvalidOperationException("A diagnosis always serializes to an object.");
        if (node["verdict"] is JsonObject verdict)
        {
            verdict["summary"] = ProbeReport.OperatorSummary(diagnosis);
        }

        return node;
    }
}

/// <summary>
/// The body of POST /api/diagnoses: what to probe, how many HTTP attempts (null = Probes:HttpAttempts), and the product
/// the reporter's error page named, if any (<see cref="ProductHints"/>).
/// </summary>
internal sealed record DiagnoseBody(string? Target, int? Attempts, string? Product);

/// <summary>Source-generated JSON for the API's body and answer.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DiagnoseBody))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class DiagnosisJsonContext : JsonSerializerContext;
