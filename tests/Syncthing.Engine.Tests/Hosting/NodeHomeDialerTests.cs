using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Hosting;

/// <summary>
/// The static-address dial loop: rounds on the injected clock, one dial per address per reconnection interval,
/// and a prompt (but backed-off) redial after a connection closes.
/// </summary>
public sealed class NodeHomeDialerTests : IAsyncDisposable
{
    private const string Address = "tcp://127.0.0.1:1";
    private static readonly TimeSpan RealLimit = TimeSpan.FromSeconds(10);
    private readonly DeviceId _self = DeviceId.FromBytes(Enumerable.Repeat((byte)1, DeviceId.Length).ToArray());
    private readonly DeviceId _peer = DeviceId.FromBytes(Enumerable.Repeat((byte)2, DeviceId.Length).ToArray());
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<DateTimeOffset> _dials = new();
    private readonly NodeHomeDialer _dialer;

    public NodeHomeDialerTests()
    {
        var configuration = new Configuration
        {
            Devices = ValueList.Of(
                new DeviceConfiguration { DeviceId = _self, Name = "self" },
                new DeviceConfiguration { DeviceId = _peer, Name = "peer", Addresses = ValueList.Of(Address, "dynamic") }),
        };
        _dialer = new NodeHomeDialer(
            _self,
            () => configuration,
            _ => false,
            (_, _, _) =>
            {
                _dials.Enqueue(_time.GetUtcNow());
                return Task.FromException(new IOException("refused"));
            },
            _time,
            NullLogger.Instance);
    }

    public ValueTask DisposeAsync() => _dialer.DisposeAsync();

    [Fact]
    public async Task An_address_is_dialed_once_per_reconnection_interval_after_the_ramp_up()
    {
        var start = _time.GetUtcNow();
        _dialer.Start();
        await UntilAsleepAsync(rounds: 1);
        Assert.Equal([start], _dials);
        Assert.Equal(start + TimeSpan.FromSeconds(60), _dialer.NextDial(_peer, Address));

        // Ramp-up rounds (every 5 s at least) find the address not yet due until its interval is over.
        while (_time.GetUtcNow() < start + TimeSpan.FromSeconds(60))
        {
            await AdvanceToNextRoundAsync();
        }

        Assert.True(_dialer.Rounds >= 6, $"{_dialer.Rounds} rounds");
        Assert.Equal([start, start + TimeSpan.FromSeconds(60)], _dials);
    }

    [Fact]
    public async Task A_closed_connection_is_redialed_after_five_seconds_not_a_whole_interval()
    {
        var start = _time.GetUtcNow();
        _dialer.Start();
        await UntilAsleepAsync(rounds: 1);

        // Both sides kept the connection the other was closing: it closes a moment after it opened.
        _dialer.OnDisconnected(_peer, TimeSpan.FromMilliseconds(20));
        Assert.Equal(start + NodeHomeDialer.MinRoundInterval, _dialer.NextDial(_peer, Address));
        await UntilAsleepAsync(rounds: 2);
        await AdvanceToNextRoundAsync();
        Assert.Equal([start, start + NodeHomeDialer.MinRoundInterval], _dials);
    }

    [Fact]
    public async Task A_peer_that_keeps_closing_soon_is_redialed_with_a_doubling_pause_up_to_the_interval()
    {
        var start = _time.GetUtcNow();
        _dialer.Start();
        await UntilAsleepAsync(rounds: 1);
        var pauses = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            _dialer.OnDisconnected(_peer, TimeSpan.FromSeconds(1));
            pauses.Add(_dialer.NextDial(_peer, Address)!.Value - _time.GetUtcNow());
        }

        Assert.Equal(new[] { 5, 10, 20, 40, 60, 60 }.Select(s => TimeSpan.FromSeconds(s)), pauses);

        // A connection that lasted a while resets the pause.
        _dialer.OnDisconnected(_peer, TimeSpan.FromMinutes(10));
        Assert.Equal(start + NodeHomeDialer.MinRoundInterval, _dialer.NextDial(_peer, Address));
    }

    private async Task AdvanceToNextRoundAsync()
    {
        var rounds = _dialer.Rounds;
        do
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        while (_time.ArmedTimers > 0);

        await UntilAsleepAsync(rounds + 1);
    }

    /// <summary>Waits (in real time, bounded) until the loop has finished <paramref name="rounds"/> rounds and sleeps on the fake clock.</summary>
    private async Task UntilAsleepAsync(int rounds)
    {
        using var limit = new CancellationTokenSource(RealLimit);
        while (_dialer.Rounds < rounds || _time.ArmedTimers == 0)
        {
            await Task.Delay(5, limit.Token);
        }
    }
}
