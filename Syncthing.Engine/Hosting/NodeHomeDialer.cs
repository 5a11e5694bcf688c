using Microsoft.Extensions.Logging;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Hosting;

/// <summary>
/// Keeps dialing configured devices that are not connected at their static <c>tcp://</c> addresses, as 1.19's
/// connection loop does without discovery: each address is tried at most once per <c>reconnectionIntervalS</c>;
/// the first rounds come faster (1 s doubling, but never under 5 s between rounds) until they reach 60 s; a
/// configuration change starts a round at once. <c>dynamic</c>, relay and QUIC addresses are ignored. All waiting
/// is on the injected <see cref="TimeProvider"/>; <see cref="DisposeAsync"/> stops the loop and waits for it.
/// <para>
/// One departure from 1.19: when a connection closes (<see cref="OnDisconnected"/>), the device is dialed again
/// after <see cref="MinRoundInterval"/> instead of waiting out the rest of its interval. Two nodes that add each
/// other at the same moment can otherwise each keep the connection the other is just closing and then sit idle
/// for a whole reconnection interval. A peer that keeps closing connections soon after they open is dialed with a
/// doubling pause (5 s, 10 s, 20 s, …) up to the configured interval, so it is never hammered.
/// </para>
/// </summary>
internal sealed class NodeHomeDialer : IAsyncDisposable
{
    /// <summary>1.19's shortest pause between two rounds of dialing.</summary>
    public static readonly TimeSpan MinRoundInterval = TimeSpan.FromSeconds(5);

    /// <summary>1.19's steady round interval; the initial ramp-up ends when it reaches this.</summary>
    public static readonly TimeSpan StandardRoundInterval = TimeSpan.FromSeconds(60);

    private readonly DeviceId _self;
    private readonly Func<Configuration> _configuration;
    private readonly Func<DeviceId, bool> _isConnected;
    private readonly Func<DeviceId, string, CancellationToken, Task> _dial;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly object _gate = new();
    private readonly Dictionary<(DeviceId Device, string Address), DateTimeOffset> _nextDial = [];
    private readonly Dictionary<DeviceId, int> _shortLived = [];
    private Task _loop = Task.CompletedTask;
    private bool _disposed;

    public NodeHomeDialer(
        DeviceId self,
        Func<Configuration> configuration,
        Func<DeviceId, bool> isConnected,
        Func<DeviceId, string, CancellationToken, Task> dial,
        TimeProvider time,
        ILogger logger)
    {
        _self = self;
        _configuration = configuration;
        _isConnected = isConnected;
        _dial = dial;
        _time = time;
        _logger = logger;
    }

    /// <summary>Number of completed dialing rounds (for tests and diagnostics).</summary>
    public int Rounds { get; private set; }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Starts a dialing round now (after a configuration change).</summary>
    public void Wake()
    {
        lock (_wake)
        {
            if (!_disposed && _wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
    }

    /// <summary>
    /// A connection to <paramref name="device"/> closed after being open for <paramref name="openFor"/>: dial it
    /// again soon (see the class remarks) and start a round so the loop notices.
    /// </summary>
    public void OnDisconnected(DeviceId device, TimeSpan openFor)
    {
        var now = _time.GetUtcNow();
        var interval = ReconnectionInterval(_configuration());
        lock (_gate)
        {
            // A connection that stayed open for a minute resets the back-off.
            var shortLived = openFor < StandardRoundInterval ? _shortLived.GetValueOrDefault(device) + 1 : 1;
            _shortLived[device] = shortLived;
            var pause = MinRoundInterval * Math.Pow(2, Math.Min(shortLived - 1, 16));
            var at = now + (pause < interval ? pause : interval);
            foreach (var key in _nextDial.Keys.Where(k => k.Device == device).ToList())
            {
                _nextDial[key] = at;
            }
        }

        Wake();
    }

    /// <summary>When <paramref name="device"/>'s <paramref name="address"/> may be dialed next (null: at once).</summary>
    public DateTimeOffset? NextDial(DeviceId device, string address)
    {
        lock (_gate)
        {
            return _nextDial.TryGetValue((device, address), out var at) ? at : null;
        }
    }

    /// <summary>The static addresses this loop would dial for <paramref name="device"/>.</summary>
    public static IEnumerable<string> DialableAddresses(DeviceConfiguration device) =>
        device.Addresses.Where(a => a.StartsWith("tcp://", StringComparison.Ordinal)
            || a.StartsWith("tcp4://", StringComparison.Ordinal)
            || a.StartsWith("tcp6://", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        lock (_wake)
        {
            _disposed = true;
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var rampUp = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            await DialRoundAsync(now, cancellationToken).ConfigureAwait(false);
            Rounds++;

            var sleep = StandardRoundInterval;
            if (rampUp < StandardRoundInterval)
            {
                sleep = rampUp;
                rampUp *= 2;
            }

            lock (_gate)
            {
                var untilNext = _nextDial.Count == 0 ? sleep : _nextDial.Values.Min() - _time.GetUtcNow();
                if (untilNext < sleep)
                {
                    sleep = untilNext;
                }
            }

            if (sleep < MinRoundInterval)
            {
                sleep = MinRoundInterval;
            }

            using var timer = new CancellationTokenSource(sleep, _time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
            try
            {
                await _wake.WaitAsync(either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The pause is over.
            }
        }
    }

    private async Task DialRoundAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var configuration = _configuration();
        var interval = ReconnectionInterval(configuration);
        List<(DeviceId Device, List<string> Addresses)> plan;
        lock (_gate)
        {
            plan = PlanRound(configuration, now, interval);
        }

        await Task.WhenAll(plan.Select(p => DialDeviceAsync(p.Device, p.Addresses, cancellationToken))).ConfigureAwait(false);
    }

    private static TimeSpan ReconnectionInterval(Configuration configuration) =>
        TimeSpan.FromSeconds(Math.Max(1, configuration.Options.ReconnectionIntervalS));

    private List<(DeviceId Device, List<string> Addresses)> PlanRound(Configuration configuration, DateTimeOffset now, TimeSpan interval)
    {
        var plan = new List<(DeviceId, List<string>)>();
        var wanted = new HashSet<(DeviceId, string)>();
        foreach (var device in configuration.Devices)
        {
            if (device.DeviceId == _self || device.Paused)
            {
                continue;
            }

            var due = new List<string>();
            foreach (var address in DialableAddresses(device))
            {
                var key = (device.DeviceId, address);
                wanted.Add(key);
                if (_nextDial.TryGetValue(key, out var next) && next > now)
                {
                    continue;
                }

                due.Add(address);
            }

            if (due.Count == 0 || _isConnected(device.DeviceId))
            {
                continue;
            }

            foreach (var address in due)
            {
                _nextDial[(device.DeviceId, address)] = now + interval;
            }

            plan.Add((device.DeviceId, due));
        }

        foreach (var stale in _nextDial.Keys.Where(k => !wanted.Contains(k)).ToList())
        {
            _nextDial.Remove(stale);
        }

        return plan;
    }

    private async Task DialDeviceAsync(DeviceId device, List<string> addresses, CancellationToken cancellationToken)
    {
        foreach (var address in addresses)
        {
            if (cancellationToken.IsCancellationRequested || _isConnected(device))
            {
                return;
            }

            try
            {
                await _dial(device, address, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogInformation("Could not connect to {Device} at {Address}: {Error}", device.Short, address, e.Message);
            }
        }
    }
}
