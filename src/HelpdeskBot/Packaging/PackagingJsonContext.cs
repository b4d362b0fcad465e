using System.Text.Json.Serialization;

namespace HelpdeskBot.Packaging;

[JsonSerializable(typeof(string))]
internal sealed partial class PackagingJsonContext : JsonSerializerContext;
