using Microsoft.Extensions.Logging;

namespace Syncthing.Daemon.Tests;

public sealed class DaemonLoggingTests
{
    [Fact]
    public void Lines_carry_time_level_category_and_event_and_exceptions_follow()
    {
        using var output = new StringWriter();
        using var loggers = new DaemonLogging(output, LogLevel.Information, new FixedClock(new DateTimeOffset(2026, 11, 22, 10, 42, 7, TimeSpan.Zero)));
        var logger = loggers.CreateLogger("Syncthing.Engine.Sync");

        logger.LogInformation(new EventId(3), "Finished syncing {Folder}", "default");
        logger.LogWarning(new InvalidOperationException("boom"), "Puller failed");

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal("10:42:07 info: Syncthing.Engine.Sync[3] Finished syncing default", lines[0]);
        Assert.Equal("10:42:07 warn: Syncthing.Engine.Sync[0] Puller failed", lines[1]);
        Assert.StartsWith("System.InvalidOperationException: boom", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_below_the_minimum_level_are_not_written()
    {
        using var output = new StringWriter();
        using var loggers = new DaemonLogging(output, LogLevel.Information, new FixedClock(DateTimeOffset.UnixEpoch));
        var logger = loggers.CreateLogger("c");

        logger.LogDebug("hidden");
        logger.LogTrace("hidden too");

        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.True(logger.IsEnabled(LogLevel.Error));
        Assert.Equal("", output.ToString());
    }

    /// <summary>A clock at one instant, in UTC as local time (the log prints local time).</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
