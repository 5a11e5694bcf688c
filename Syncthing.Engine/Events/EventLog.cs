using System.Collections.Concurrent;

namespace Syncthing.Engine.Events;

/// <summary>
/// The node's event log, as 1.19's lib/events with the REST API's buffered subscriptions: every event gets the next
/// global ID (from 1) and a timestamp from the injected clock, and goes to each subscription whose mask takes it.
/// The default (<see cref="EventMasks.Default"/>) and disk (<see cref="EventMasks.Disk"/>) subscriptions exist from
/// the start; a subscription for any other mask is created by its first <see cref="GetAsync"/> and only buffers what
/// is logged after that, as in 1.19. Thread-safe.
/// </summary>
internal sealed class EventLog
{
    /// <summary>1.19's <c>EventSubBufferSize</c>: each subscription keeps this many of its newest events.</summary>
    public const int DefaultBufferSize = 1000;

    /// <summary>1.19's default long-poll timeout of <c>/rest/events</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly ConcurrentDictionary<EventType, EventSubscription> _subscriptions = new();
    private readonly TimeProvider _time;
    private readonly int _bufferSize;
    private long _globalId;

    public EventLog(TimeProvider? time = null, int bufferSize = DefaultBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        _time = time ?? TimeProvider.System;
        _bufferSize = bufferSize;
        Subscribe(EventMasks.Default);
        Subscribe(EventMasks.Disk);
    }

    /// <summary>The global ID of the newest event (0 when none).</summary>
    public long LastGlobalId => Interlocked.Read(ref _globalId);

    /// <summary>Raised after each logged event, outside the log's lock; handlers must be quick.</summary>
    public event EventHandler<Event>? Logged;

    /// <summary>Logs one event with <paramref name="data"/> as its payload and returns its global ID.</summary>
    public long Log(EventType type, object? data)
    {
        if (type == EventType.None || ((long)type & ((long)type - 1)) != 0)
        {
            throw new ArgumentException("An event has exactly one type.", nameof(type));
        }

        long id;
        DateTimeOffset now;
        lock (_gate)
        {
            id = ++_globalId;
            now = _time.GetUtcNow();
            foreach (var subscription in _subscriptions.Values)
            {
                subscription.Offer(id, now, type, data);
            }
        }

        Logged?.Invoke(this, new Event(id, id, now, type, data));
        return id;
    }

    /// <summary>
    /// 1.19's long poll: the events of <paramref name="mask"/>'s subscription with an ID above <paramref name="since"/>,
    /// waiting up to <paramref name="timeout"/> for one when there are none (then an empty list); with a positive
    /// <paramref name="limit"/>, only the newest <paramref name="limit"/> of them.
    /// </summary>
    public async Task<IReadOnlyList<Event>> GetAsync(long since, int limit, TimeSpan timeout, EventType mask, CancellationToken cancellationToken)
    {
        var subscription = Subscribe(mask == EventType.None ? EventMasks.Default : mask);
        var events = await subscription.SinceAsync(since, timeout, _time, cancellationToken).ConfigureAwait(false);
        if (limit > 0 && limit < events.Count)
        {
            return events.Skip(events.Count - limit).ToList();
        }

        return events;
    }

    private EventSubscription Subscribe(EventType mask)
    {
        if (_subscriptions.TryGetValue(mask, out var existing))
        {
            return existing;
        }

        lock (_gate)
        {
            // Under the lock so no event is half-delivered to a subscription being added.
            return _subscriptions.GetOrAdd(mask, m => new EventSubscription(m, _bufferSize));
        }
    }
}
