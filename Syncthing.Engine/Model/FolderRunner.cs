using Microsoft.Extensions.Logging;
using Syncthing.Engine.Config;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Index;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Scanner;
using Syncthing.Engine.Watcher;

namespace Syncthing.Engine.Model;

/// <summary>
/// Runs one folder (1.19's <c>folder.serve</c>): a single loop that scans and pulls, never both at once, so a scan
/// never mistakes a half-pulled file for a local change. It scans at start, on request (REST, watcher), and every
/// rescanIntervalS; it pulls when a remote index changed or a scan changed something, repeating up to three
/// iterations while the puller asks for rescans, then retries failures with a growing pause (pullerPauseS, doubled
/// up to 60 times that). Send-only folders never pull. A folder whose marker (<c>.stfolder</c>) disappeared after it
/// was indexed stops with an error instead of announcing every file as deleted.
/// </summary>
internal sealed partial class FolderRunner : IAsyncDisposable
{
    public const string MarkerMissing = "folder marker missing (this indicates potential data loss, search docs/forum to get information on how to proceed)";
    private const int MaxPullIterations = 3;

    private readonly FolderScanner _scanner;
    private readonly FolderPuller _puller;
    private readonly IFileSystem _fs;
    private readonly IIndexStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<ScanRequest> _scanRequests = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _signal = NewSignal();
    private bool _pullRequested = true;
    private Task _loop = Task.CompletedTask;
    private string _state = FolderState.Idle;
    private TimeSpan _retryPause;
    private DateTimeOffset? _retryAt;

    public FolderRunner(
        FolderConfiguration folder,
        IFileSystem fs,
        IIndexStore store,
        IBlockFetcher fetcher,
        ShortId us,
        TimeProvider time,
        ILogger logger,
        Action? localIndexChanged = null,
        IPullObserver? observer = null,
        FolderScanOptions? scanOptions = null)
    {
        Folder = folder ?? throw new ArgumentNullException(nameof(folder));
        _fs = fs;
        _store = store;
        _time = time;
        _logger = logger;
        LocalIndexChanged = localIndexChanged;
        _scanner = new FolderScanner(folder.Id, fs, us, store, null, scanOptions ?? new FolderScanOptions { IgnorePerms = folder.IgnorePerms }, time);
        _puller = new FolderPuller(folder.Id, fs, store, fetcher, us, PullOptions.FromFolder(folder), time, observer, localIndexChanged, logger);
        _retryPause = BasePause;
    }

    public FolderConfiguration Folder { get; }

    /// <summary>Called after scans and pulls that wrote to our index (the index senders follow it).</summary>
    public Action? LocalIndexChanged { get; }

    public string State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The folder-level error (marker missing, ignore file broken …), or null.</summary>
    public string? Error { get; private set; }

    public IReadOnlyList<PullError> PullErrors { get; private set; } = [];

    public DateTimeOffset? LastScan { get; private set; }

    public PullResult? LastPull { get; private set; }

    /// <summary>Raised (from the loop) as (folder, from, to) whenever <see cref="State"/> changes.</summary>
    public event Action<string, string, string>? StateChanged;

    /// <summary>Raised (from the loop) after each pull iteration.</summary>
    public event Action<string, PullResult>? Pulled;

    /// <summary>Raised (from the loop) after each scan.</summary>
    public event Action<string, ScanResult>? Scanned;

    private TimeSpan BasePause => TimeSpan.FromSeconds(Folder.PullerPauseS > 0 ? Folder.PullerPauseS : 60);

    /// <summary>Starts the loop, and the watcher over <paramref name="watchSource"/> when given (fsWatcherEnabled).</summary>
    public void Start(IWatchEventSource? watchSource = null)
    {
        var loop = Task.Run(() => RunAsync(_stop.Token));
        _loop = watchSource is null ? loop : Task.WhenAll(loop, Task.Run(() => WatchAsync(watchSource, _stop.Token)));
    }

    /// <summary>Queues a scan (null: everything) and waits for it; the result is that scan's (merged requests share one).</summary>
    public Task<ScanResult> ScanAsync(IReadOnlyList<string>? subPaths, CancellationToken cancellationToken)
    {
        var request = new ScanRequest(subPaths);
        lock (_gate)
        {
            _scanRequests.Add(request);
        }

        Signal();
        return request.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Queues a scan without waiting (watcher, puller rescans).</summary>
    public void RequestScan(IReadOnlyList<string>? subPaths) => _ = ScanAsync(subPaths, CancellationToken.None);

    /// <summary>A remote index changed: needs are re-evaluated.</summary>
    public void RequestPull()
    {
        lock (_gate)
        {
            _pullRequested = true;
        }

        Signal();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        lock (_gate)
        {
            foreach (var request in _scanRequests)
            {
                request.Completion.TrySetCanceled();
            }
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Signal()
    {
        lock (_gate)
        {
            _signal.TrySetResult();
        }
    }

    private void SetState(string state)
    {
        string from;
        lock (_gate)
        {
            from = _state;
            if (from == state)
            {
                return;
            }

            _state = state;
        }

        StateChanged?.Invoke(Folder.Id, from, state);
    }

    private IgnoreMatcher LoadIgnores()
    {
        var loaded = FolderIgnores.Load(_fs, IgnoreOptions.ForCurrentPlatform());
        if (!loaded.IsSuccess)
        {
            _logger.LogWarning("Folder {Folder}: .stignore: {Error}", Folder.Id, loaded.Error!.Message);
        }

        return loaded.Matcher;
    }

    private sealed class ScanRequest(IReadOnlyList<string>? subPaths)
    {
        public IReadOnlyList<string>? SubPaths { get; } = subPaths;

        public TaskCompletionSource<ScanResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
