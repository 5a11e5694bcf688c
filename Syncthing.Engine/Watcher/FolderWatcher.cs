using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Ignore;

namespace Syncthing.Engine.Watcher;

/// <summary>
/// Turns one folder's file-system notifications into batches of folder-relative names to rescan, as 1.19's watcher
/// and aggregator do (brief §12): events for temporary and internal names (<c>.syncthing.*.tmp</c>, <c>.stfolder</c>,
/// <c>.stignore</c>, <c>.stversions</c>) and for ignored names are dropped, as are events for items the puller is
/// writing; the rest go through a <see cref="WatchAggregator"/> whose due paths are emitted every fsWatcherDelayS.
/// A batch of <c>[""]</c> means "scan the whole folder" (an overflow, a watcher error, or too many changes).
/// <para>
/// Timing follows 1.19: a one-shot timer at the delay; when it fires with nothing tracked it stays idle until the next
/// event, otherwise due paths are emitted (creations and changes, then mixed, then removals, each a batch) and the
/// timer is re-armed. Time comes from the injected <see cref="TimeProvider"/>; events are processed synchronously on
/// the source's thread under one lock, so a fake source and a fake clock give deterministic tests.
/// </para>
/// </summary>
internal sealed class FolderWatcher : IDisposable
{
    private readonly object _gate = new();
    private readonly IWatchEventSource _source;
    private readonly Func<IgnoreMatcher?> _ignores;
    private readonly Func<string, bool>? _inProgress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WatchAggregator _aggregator;
    private readonly Channel<IReadOnlyList<string>> _batches = Channel.CreateUnbounded<IReadOnlyList<string>>(new UnboundedChannelOptions { SingleReader = true });
    private ITimer? _timer;
    private bool _timerIdle;
    private int _state; // 0 new, 1 running, 2 stopped

    /// <param name="source">The notifications; owned (disposed) by this watcher.</param>
    /// <param name="delaySeconds">fsWatcherDelayS (≥ 1; 1.19 disables the watcher for ≤ 0, which is the caller's call).</param>
    /// <param name="ignores">The folder's current ignore patterns (re-read on every event); null means none.</param>
    /// <param name="time">Clock and timers.</param>
    /// <param name="inProgress">True for names the puller is currently writing (1.19 ItemStarted..ItemFinished).</param>
    /// <param name="logger">Debug logging.</param>
    public FolderWatcher(
        IWatchEventSource source,
        int delaySeconds,
        Func<IgnoreMatcher?>? ignores,
        TimeProvider time,
        Func<string, bool>? inProgress = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(delaySeconds, 1);
        _source = source;
        _ignores = ignores ?? (() => null);
        _inProgress = inProgress;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _aggregator = new WatchAggregator(TimeSpan.FromSeconds(delaySeconds), WatchAggregator.NotifyTimeout(delaySeconds));
    }

    /// <summary>The batches of names to scan; completed when the watcher stops.</summary>
    public ChannelReader<IReadOnlyList<string>> Batches => _batches.Reader;

    /// <summary>
    /// Starts the source and the timer and runs until <paramref name="cancellationToken"/> is canceled; then stops
    /// the source and completes <see cref="Batches"/>. The source is started before this method first yields.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The watcher was already started.");
        }

        lock (_gate)
        {
            _timer = _time.CreateTimer(_ => OnTimer(), null, _aggregator.Delay, System.Threading.Timeout.InfiniteTimeSpan);
        }

        try
        {
            _source.Start(OnEvent);
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (cancellationToken.Register(() => stopped.TrySetResult()))
            {
                await stopped.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            Stop();
        }
    }

    /// <summary>Stops the watcher (idempotent); <see cref="RunAsync"/> also stops on cancellation.</summary>
    public void Dispose() => Stop();

    private void Stop()
    {
        ITimer? timer;
        lock (_gate)
        {
            if (_state == 2)
            {
                return;
            }

            _state = 2;
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
        _source.Dispose();
        _batches.Writer.TryComplete();
    }

    private void OnEvent(WatchEvent ev)
    {
        var name = ev.Name;
        if (!ev.IsWholeFolder)
        {
            var ignores = _ignores() ?? IgnoreMatcher.Empty;
            if (ignores.ShouldIgnore(name) || _inProgress?.Invoke(name) == true)
            {
                return;
            }
        }

        lock (_gate)
        {
            if (_state != 1)
            {
                return;
            }

            _aggregator.Add(name, ev.Kind, _time.GetUtcNow());
            if (_timerIdle)
            {
                _timerIdle = false;
                _timer?.Change(_aggregator.Delay, System.Threading.Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_state != 1)
            {
                return;
            }

            if (_aggregator.Count == 0)
            {
                _timerIdle = true;
                return;
            }

            foreach (var batch in _aggregator.PopDue(_time.GetUtcNow()))
            {
                _logger.LogDebug("Watcher: scan {Count} paths", batch.Count);
                _batches.Writer.TryWrite(batch);
            }

            _timer?.Change(_aggregator.Delay, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }
}
