using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Memory;

/// <summary>Settings of section <c>Memory</c>.</summary>
internal sealed class MemoryOptions
{
    public const string SectionName = "Memory";

    /// <summary>
    /// How often the process looks whether a burst is over to give its memory back (<see cref="IdleMemoryTrim"/>);
    /// 00:00:00 turns the trim off. Default 10 s: the memory is back within 20 s of the last report of a burst (the
    /// load benchmark reads it 30 s after), and one look costs two counter reads.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Memory:IdleTrimInterval must be between 00:00:00 (off) and 01:00:00 (default 00:00:10).")]
    public TimeSpan IdleTrimInterval { get; set; } = TimeSpan.FromSeconds(10);
}
