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
    private readonly Dictionary<(DeviceId Device, string Address), DateTimeOffset> _nextDial = [];
    private Task _loop = Task.CompletedTask;

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
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
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

            TimeSpan sleep;
            if (rampUp < StandardRoundInterval)
            {
                sleep = rampUp;
                rampUp *= 2;
            }
            else
            {
                sleep = _nextDial.Count == 0 ? StandardRoundInterval : _nextDial.Values.Min() - _time.GetUtcNow();
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
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.Options.ReconnectionIntervalS));
        var wanted = new HashSet<(DeviceId, string)>();
        var attempts = new List<Task>();
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

            attempts.Add(DialDeviceAsync(device.DeviceId, due, cancellationToken));
        }

        foreach (var stale in _nextDial.Keys.Where(k => !wanted.Contains(k)).ToList())
        {
            _nextDial.Remove(stale);
        }

        await Task.WhenAll(attempts).ConfigureAwait(false);
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
