using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Protocol.Hosting;

/// <summary>The <c>/api/messages</c> endpoint (section <c>Bot</c>).</summary>
public sealed class BotMessagesOptions
{
    public const string Section = "Bot";

    /// <summary>
    /// Largest accepted activity body. Teams messages are capped near 100 KB of content (protocol README §5) and
    /// activities add envelope, HTML copies of the text and card values on top: 256 KB leaves room for those
    /// while refusing floods early. Kestrel's own default (30 MB) is far too generous for this endpoint.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Background work items running at once.</summary>
    [Range(1, 256)]
    public int BackgroundConcurrency { get; set; } = 16;
}
