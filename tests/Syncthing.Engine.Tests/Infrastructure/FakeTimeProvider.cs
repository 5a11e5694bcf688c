namespace Syncthing.Engine.Tests.Infrastructure;

/// <summary>A manually advanced clock with timers, for deterministic tests of time-driven behaviour.</summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private long _ticks;

    public FakeTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _ticks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Timers that are armed (have a due time): lets a test wait until a loop is asleep.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due, in order.</summary>
    public void Advance(TimeSpan delta)
    {
        DateTimeOffset end;
        lock (_gate)
        {
            end = _now + delta;
        }

        while (true)
        {
            FakeTimer? next = null;
            lock (_gate)
            {
                foreach (var t in _timers)
                {
                    if (t.DueAt is { } due && due <= end && (next is null || due < next.DueAt))
                    {
                        next = t;
                    }
                }

                if (next is null)
                {
                    _ticks += (end - _now).Ticks;
                    _now = end;
                    return;
                }

                _ticks += (next.DueAt!.Value - _now).Ticks;
                _now = next.DueAt!.Value;
                next.DueAt = next.Period > TimeSpan.Zero ? _now + next.Period : null;
            }

            next.Fire();
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
