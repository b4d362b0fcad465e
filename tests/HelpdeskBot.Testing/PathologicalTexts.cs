using System.Globalization;

namespace HelpdeskBot.Testing;

/// <summary>
/// Message texts that made the old report parser super-linear or throw (issue 12): "502 " repeated up to 240 KB
/// (under the 256 KB body limit), one symbol 200,000 times, HTML nested 20,000 deep, unclosed tags and mentions,
/// thousands of host-like words. Each fits in a 256 KB activity. Shared by the parser's tests and the /api/messages tests.
/// </summary>
public static class PathologicalTexts
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "502-x16k", "502-x28k", "502-x56k", "502-x240k",
        .. "<&5a.: @/-'>#".Select(c => $"run-{c}"),
        "deep-html", "open-tags", "mentions", "hosts",
    ];

    public static string Text(string name) => name switch
    {
        _ when name.StartsWith("502-x", StringComparison.Ordinal) => string.Concat(Enumerable.Repeat("502 ", int.Parse(name[5..^1], CultureInfo.InvariantCulture) * 1024 / 4)),
        _ when name.StartsWith("run-", StringComparison.Ordinal) => new string(name[4], 200_000),
        "deep-html" => string.Concat(Enumerable.Repeat("<div>", 20_000)) + "502 on wiki.contoso.com" + string.Concat(Enumerable.Repeat("</div>", 20_000)),
        "open-tags" => string.Concat(Enumerable.Repeat("<a href=\"https://x", 12_000)),
        "mentions" => string.Concat(Enumerable.Repeat("<at>bot", 30_000)),
        "hosts" => string.Concat(Enumerable.Repeat("a.bc:502/x ", 20_000)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown pathological text"),
    };
}
