namespace Syncthing.Engine.Connections;

/// <summary>
/// A token bucket for one byte rate: callers reserve bytes and are told how long to wait before using them, so a
/// rate holds on average while bursts up to <see cref="Burst"/> bytes pass at once. A rate of zero or less means
/// unlimited. Reservations may drive the bucket below zero (the next caller waits for the debt too), which keeps
/// the long-run rate exact however callers split their transfers.
/// </summary>
internal sealed class TokenBucket
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private long _bytesPerSecond;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(TimeProvider time, long burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _time = time;
        Burst = burst;
        _tokens = burst;
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>The most bytes that pass without waiting after an idle period.</summary>
    public long Burst { get; }

    /// <summary>The current rate in bytes per second; zero or less is unlimited.</summary>
    public long BytesPerSecond
    {
        get
        {
            lock (_gate)
            {
                return _bytesPerSecond;
            }
        }
    }

    /// <summary>Changes the rate; a bucket that was unlimited starts full.</summary>
    public void SetRate(long bytesPerSecond)
    {
        lock (_gate)
        {
            if (bytesPerSecond == _bytesPerSecond)
            {
                return;
            }

            var now = _time.GetTimestamp();
            if (_bytesPerSecond <= 0)
            {
                _tokens = Burst;
            }
            else
            {
                Refill(now);
            }

            _lastTimestamp = now;
            _bytesPerSecond = bytesPerSecond;
        }
    }

    /// <summary>Takes <paramref name="bytes"/> and returns how long the caller must wait before using them.</summary>
    public TimeSpan Reserve(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            if (_bytesPerSecond <= 0 || bytes == 0)
            {
                return TimeSpan.Zero;
            }

            var now = _time.GetTimestamp();
            Refill(now);
            _lastTimestamp = now;
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _bytesPerSecond);
        }
    }

    private void Refill(long now)
    {
        var elapsed = _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        _tokens = Math.Min(Burst, _tokens + (elapsed * _bytesPerSecond));
    }
}
