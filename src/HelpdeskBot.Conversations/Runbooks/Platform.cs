namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>The user's operating system; instructions differ per platform. YAML keys: windows, macos, linux, ios, android.</summary>
public enum Platform
{
    Unknown,
    Windows,
    MacOS,
    Linux,
    IOS,
    Android,
}
