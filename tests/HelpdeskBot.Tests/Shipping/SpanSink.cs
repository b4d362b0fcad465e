using System.Collections;
using System.Diagnostics;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// The collection the in-memory exporter writes ended spans into: thread-safe (the ActivitySource is process-wide, so
/// spans of other tests' hosts arrive here too, from their threads) and awaitable for a span still to end.
/// </summary>
internal sealed class SpanSink : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        TaskCompletionSource added;
        lock (_spans)
        {
            _spans.Add(item);
            added = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.TrySetResult();
    }

    public List<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    /// <summary>The first ended span matching <paramref name="match"/>, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout, TimeProvider.System);
        while (true)
        {
            Task added;
            lock (_spans)
            {
                if (_spans.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                added = _added.Task;
            }

            try
            {
                await added.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException("The span did not end in time. Spans: " + string.Join(", ", Snapshot().Select(s => s.OperationName).Distinct()));
            }
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
