namespace Syncthing.Engine.Fs;

/// <summary>
/// A modification time as the wire carries it (brief §3.4 <c>modified_s</c>/<c>modified_ns</c>): Unix seconds and
/// a nanosecond part in 0..999,999,999.
/// </summary>
public readonly record struct FileTimestamp
{
    private const long NanosPerSecond = 1_000_000_000;

    public FileTimestamp(long seconds, int nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nanoseconds, (int)NanosPerSecond);
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    public long Seconds { get; }

    public int Nanoseconds { get; }

    /// <summary>The instant at 100 ns precision (the finest <see cref="DateTimeOffset"/> holds).</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddTicks((Seconds * TimeSpan.TicksPerSecond) + (Nanoseconds / 100));

    /// <summary>The timestamp of an instant (precision 100 ns).</summary>
    public static FileTimestamp FromDateTimeOffset(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return new FileTimestamp(seconds, (int)(remainder * 100));
    }

    public override string ToString() => $"{Seconds}.{Nanoseconds:D9}";
}
