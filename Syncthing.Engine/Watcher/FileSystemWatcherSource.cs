using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Syncthing.Engine.Watcher;

/// <summary>
/// Notifications from <see cref="FileSystemWatcher"/> on a folder's root directory, recursive (inotify on Linux, new
/// subdirectories are added as they appear). Created and changed items are <see cref="WatchEventKind.NonRemove"/>,
/// deleted ones <see cref="WatchEventKind.Remove"/>, a rename is a removal of the old name and a creation of the new
/// one. A buffer overflow or any watcher error becomes <see cref="WatchEvent.Overflow"/> (scan everything), as 1.19
/// does when its backend channel overflows; paths that do not lie under the root are dropped.
/// </summary>
internal sealed class FileSystemWatcherSource : IWatchEventSource
{
    /// <summary>Kernel-side buffer per watcher; .NET's maximum is 64 KiB.</summary>
    public const int BufferSize = 64 * 1024;

    private readonly string _root;
    private readonly ILogger _logger;
    private FileSystemWatcher? _watcher;
    private Action<WatchEvent>? _onEvent;

    public FileSystemWatcherSource(string rootPath, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootPath);
        _root = Path.GetFullPath(rootPath);
        _logger = logger ?? NullLogger.Instance;
    }

    public void Start(Action<WatchEvent> onEvent)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        if (_watcher is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        _onEvent = onEvent;
        var watcher = new FileSystemWatcher(_root)
        {
            IncludeSubdirectories = true,
            InternalBufferSize = BufferSize,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.Attributes | NotifyFilters.CreationTime | NotifyFilters.Security,
        };
        watcher.Created += (_, e) => Deliver(e.FullPath, WatchEventKind.NonRemove);
        watcher.Changed += (_, e) => Deliver(e.FullPath, WatchEventKind.NonRemove);
        watcher.Deleted += (_, e) => Deliver(e.FullPath, WatchEventKind.Remove);
        watcher.Renamed += (_, e) =>
        {
            Deliver(e.OldFullPath, WatchEventKind.Remove);
            Deliver(e.FullPath, WatchEventKind.NonRemove);
        };
        watcher.Error += (_, e) =>
        {
            var error = e.GetException();
            if (error is InternalBufferOverflowException)
            {
                _logger.LogDebug("Watcher on {Root}: events lost, scanning everything", _root);
            }
            else
            {
                _logger.LogWarning(error, "Watcher on {Root} failed; scanning everything", _root);
            }

            _onEvent?.Invoke(WatchEvent.Overflow);
        };
        _watcher = watcher;
        watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        _onEvent = null;
        var watcher = Interlocked.Exchange(ref _watcher, null);
        if (watcher is not null)
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }
    }

    private void Deliver(string fullPath, WatchEventKind kind)
    {
        var onEvent = _onEvent;
        if (onEvent is null)
        {
            return;
        }

        var relative = Path.GetRelativePath(_root, fullPath);
        if (relative == ".")
        {
            onEvent(new WatchEvent("", kind));
            return;
        }

        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return;
        }

        if (Path.DirectorySeparatorChar != '/')
        {
            relative = relative.Replace(Path.DirectorySeparatorChar, '/');
        }

        onEvent(new WatchEvent(relative, kind));
    }
}
