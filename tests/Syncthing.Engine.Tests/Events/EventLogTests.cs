using Syncthing.Engine.Events;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Events;

/// <summary>The event log's 1.19 semantics: IDs, masks, per-subscription numbering, since/limit, timeouts and the bounded buffer.</summary>
public sealed class EventLogTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Events_come_back_in_order_with_global_ids_from_one_and_the_clock_time()
    {
        var log = new EventLog(_time);
        log.Log(EventType.Starting, new StartingEventData("/home", "ID"));
        _time.Advance(TimeSpan.FromSeconds(1));
        log.Log(EventType.StartupComplete, new StartupCompleteEventData("ID"));

        var events = await log.GetAsync(0, 0, TimeSpan.Zero, EventMasks.Default, CancellationToken.None);

        Assert.Equal([1L, 2L], events.Select(e => e.GlobalId));
        Assert.Equal([1L, 2L], events.Select(e => e.Id));
        Assert.Equal([EventType.Starting, EventType.StartupComplete], events.Select(e => e.Type));
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromSeconds(1), events[0].Time);
        Assert.IsType<StartingEventData>(events[0].Data);
    }

    [Fact]
    public async Task The_default_mask_skips_disk_events_and_the_disk_mask_numbers_its_own_ids()
    {
        var log = new EventLog(_time);
        log.Log(EventType.Starting, null);
        log.Log(EventType.LocalChangeDetected, "a");
        log.Log(EventType.RemoteChangeDetected, "b");
        log.Log(EventType.StateChanged, null);

        var all = await log.GetAsync(0, 0, TimeSpan.Zero, EventMasks.Default, CancellationToken.None);
        var disk = await log.GetAsync(0, 0, TimeSpan.Zero, EventMasks.Disk, CancellationToken.None);

        Assert.Equal([(1L, 1L), (2L, 4L)], all.Select(e => (e.Id, e.GlobalId)));
        Assert.Equal([(1L, 2L), (2L, 3L)], disk.Select(e => (e.Id, e.GlobalId)));
    }

    [Fact]
    public async Task A_filtered_subscription_only_buffers_after_its_first_request()
    {
        var log = new EventLog(_time);
        log.Log(EventType.StateChanged, null);

        var first = await log.GetAsync(0, 0, TimeSpan.Zero, EventType.StateChanged, CancellationToken.None);
        log.Log(EventType.Starting, null);
        log.Log(EventType.StateChanged, null);
        var second = await log.GetAsync(0, 0, TimeSpan.Zero, EventType.StateChanged, CancellationToken.None);

        Assert.Empty(first);
        var only = Assert.Single(second);
        Assert.Equal((1L, 3L), (only.Id, only.GlobalId));
    }

    [Fact]
    public async Task Since_returns_only_newer_events_and_limit_keeps_the_newest()
    {
        var log = new EventLog(_time);
        for (var i = 0; i < 5; i++)
        {
            log.Log(EventType.StateChanged, i);
        }

        var since = await log.GetAsync(2, 0, TimeSpan.Zero, EventMasks.Default, CancellationToken.None);
        var limited = await log.GetAsync(0, 2, TimeSpan.Zero, EventMasks.Default, CancellationToken.None);

        Assert.Equal([3L, 4L, 5L], since.Select(e => e.Id));
        Assert.Equal([4L, 5L], limited.Select(e => e.Id));
    }

    [Fact]
    public async Task A_long_poll_with_nothing_new_returns_empty_when_its_timeout_passes()
    {
        var log = new EventLog(_time);
        log.Log(EventType.Starting, null);

        var poll = log.GetAsync(1, 0, TimeSpan.FromSeconds(10), EventMasks.Default, CancellationToken.None);
        Assert.False(poll.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(poll.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(await poll.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_long_poll_completes_with_the_first_new_event()
    {
        var log = new EventLog(_time);
        var poll = log.GetAsync(0, 0, TimeSpan.FromSeconds(60), EventMasks.Default, CancellationToken.None);
        log.Log(EventType.LocalChangeDetected, null); // not in the mask: the poll keeps waiting
        Assert.False(poll.IsCompleted);

        log.Log(EventType.ConfigSaved, "cfg");

        var e = Assert.Single(await poll.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((EventType.ConfigSaved, 2L), (e.Type, e.GlobalId));
    }

    [Fact]
    public async Task A_long_poll_stops_when_cancelled()
    {
        var log = new EventLog(_time);
        using var cts = new CancellationTokenSource();
        var poll = log.GetAsync(0, 0, TimeSpan.FromSeconds(60), EventMasks.Default, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_full_buffer_drops_the_oldest_events()
    {
        var log = new EventLog(_time, bufferSize: 3);
        for (var i = 0; i < 5; i++)
        {
            log.Log(EventType.StateChanged, i);
        }

        var events = await log.GetAsync(0, 0, TimeSpan.Zero, EventMasks.Default, CancellationToken.None);

        Assert.Equal([3L, 4L, 5L], events.Select(e => e.Id));
    }

    [Theory]
    [InlineData("StateChanged,ItemFinished", EventType.StateChanged | EventType.ItemFinished)]
    [InlineData("LocalChangeDetected", EventType.LocalChangeDetected)]
    [InlineData("NoSuchEvent,65536", EventMasks.Default)]
    [InlineData("", EventMasks.Default)]
    public void Event_filters_parse_like_syncthing(string names, EventType expected) =>
        Assert.Equal(expected, EventMasks.Parse(names));

    [Fact]
    public void Logging_a_combined_mask_is_refused()
    {
        var log = new EventLog(_time);

        Assert.Throws<ArgumentException>(() => log.Log(EventType.Starting | EventType.Failure, null));
    }
}
