using System.Text.Json.Nodes;

namespace HelpdeskBot.Protocol.Tests;

/// <summary>The real Teams payloads in ../shared/payloads (copied next to the tests at build time).</summary>
internal static class Payloads
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "payloads");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    /// <summary>Files whose JSON is an activity (has a "type").</summary>
    public static IEnumerable<string> Activities() =>
        System.IO.Directory.GetFiles(Directory, "*.json")
            .Where(f => JsonNode.Parse(File.ReadAllText(f)) is JsonObject o && o["type"] is not null)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!;
}
