using System.Collections;

namespace HelpdeskBot.Protocol.Hosting;

/// <summary>Log scope of one activity: conversation id and activity id (never the text).</summary>
internal sealed class ActivityLogScope(string? conversationId, string? activityId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ConversationId", conversationId),
        1 => new("ActivityId", activityId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"ConversationId:{conversationId} ActivityId:{activityId}";
}
