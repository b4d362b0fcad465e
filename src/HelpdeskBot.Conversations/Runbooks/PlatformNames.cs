namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>Names of platforms in YAML, card data and Teams <c>clientInfo.platform</c>.</summary>
internal static class PlatformNames
{
    public static IReadOnlyList<Platform> All { get; } = [Platform.Windows, Platform.MacOS, Platform.Linux, Platform.IOS, Platform.Android];

    public static string Key(Platform p) => p switch
    {
        Platform.Windows => "windows",
        Platform.MacOS => "macos",
        Platform.Linux => "linux",
        Platform.IOS => "ios",
        Platform.Android => "android",
        _ => "unknown",
    };

    public static string Display(Platform p) => p switch
    {
        Platform.Windows => "Windows",
        Platform.MacOS => "macOS",
        Platform.Linux => "Linux",
        Platform.IOS => "iPhone / iPad",
        Platform.Android => "Android",
        _ => "Not sure",
    };

    public static Platform? Parse(string? key) => key?.Trim().ToLowerInvariant() switch
    {
        "windows" or "win" or "win32" => Platform.Windows,
        "macos" or "mac" or "osx" or "darwin" => Platform.MacOS,
        "linux" => Platform.Linux,
        "ios" or "iphone" or "ipad" => Platform.IOS,
        "android" => Platform.Android,
        "unknown" => Platform.Unknown,
        _ => null,
    };

    /// <summary>Teams sends <c>clientInfo.platform</c> as "Windows", "Mac", "Linux", "iOS", "Android" or "Web".</summary>
    public static Platform FromTeamsClient(string? platform) => Parse(platform) ?? Platform.Unknown;
}
