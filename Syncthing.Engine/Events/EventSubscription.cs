namespace Syncthing.Engine.Events;

/// <summary>
/// One mask's view of the log, as 1.19's buffered subscription: it numbers the events it receives from 1 and keeps
/// the last <see cref="Capacity"/> of them in a ring, dropping the oldest. Readers ask for everything after an ID and
/// wait, bounded, when there is nothing newer. Thread-safe.
/// </summary>
internal sealed class EventSubscription
{
    private readonly object _gate = new();
    private readonly Event?[] _ring;
    private int _next;
    private long _lastId;
    private TaskCompletionSource _changed = NewSignal();

    public EventSubscription(EventType mask, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Mask = mask;
        _ring = new Event?[capacity];
    }

    public EventType Mask { get; }

    public int Capacity => _ring.Length;

    /// <summary>The ID of the newest event received (0 when none).</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    /// <summary>Numbers and stores an event of the log, if the mask takes its type. Called under the log's lock.</summary>
    public void Offer(long globalId, DateTimeOffset time, EventType type, object? data)
    {
        if ((Mask & type) == 0)
        {
            return;
        }

        TaskCompletionSource signal;
        lock (_gate)
        {
            _lastId++;
            _ring[_next] = new Event(_lastId, globalId, time, type, data);
            _next = (_next + 1) % _ring.Length;
            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>
    /// The buffered events with an ID above <paramref name="since"/>, oldest first. When there are none, waits until
    /// one arrives or <paramref name="timeout"/> passes on <paramref name="time"/> (then returns an empty list).
    /// </summary>
    public async Task<IReadOnlyList<Event>> SinceAsync(long since, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (since < _lastId)
            {
                return Collect(since);
            }

            changed = _changed.Task;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return [];
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, cts.Token);
        while (true)
        {
            var first = await Task.WhenAny(changed, delay).ConfigureAwait(false);
            if (first != changed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return [];
            }

            lock (_gate)
            {
                if (since < _lastId)
                {
                    cts.Cancel();
                    return Collect(since);
                }

                changed = _changed.Task;
            }
        }
    }

    private List<Event> Collect(long since)
    {
        var result = new List<Event>();
        for (var i = 0; i < _ring.Length; i++)
        {
            var e = _ring[(_next + i) % _ring.Length];
            if (e is not null && e.Id > since)
            {
                result.Add(e);
            }
        }

        return result;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
