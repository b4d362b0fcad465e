using System.Text.Json;
using System.Text.Json.Serialization;
using HelpdeskBot.Probes.Fingerprints;

namespace HelpdeskBot.Probes;

/// <summary>Source-generated JSON for the diagnosis (camelCase, enums as strings) and the fingerprint catalogue.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(Diagnosis.Diagnosis))]
[JsonSerializable(typeof(Diagnosis.DiagnosisRequest))]
[JsonSerializable(typeof(FingerprintDocument))]
public sealed partial class ProbesJsonContext : JsonSerializerContext;
