using Microsoft.Extensions.Logging;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Watcher;

namespace Syncthing.Engine.Model;

internal sealed partial class FolderRunner
{
    /// <summary>The ignore patterns of the last scan (null before the first one).</summary>
    public IgnoreMatcher? Ignores => _scanner.Ignores;

    /// <summary>
    /// With fsWatcherEnabled, turns the watcher's aggregated batches into scan requests ("" = the whole folder).
    /// Returns when the runner stops. The watcher owns <paramref name="source"/>.
    /// </summary>
    private async Task WatchAsync(IWatchEventSource source, CancellationToken cancellationToken)
    {
        using var watcher = new FolderWatcher(source, Math.Max(1, Folder.FsWatcherDelayS), () => Ignores, _time, logger: _logger);
        var running = watcher.RunAsync(cancellationToken);
        try
        {
            await foreach (var batch in watcher.Batches.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                RequestScan(batch.Any(n => n.Length == 0) ? null : batch);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }

        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            _logger.LogWarning("Folder {Folder}: the file-system watcher stopped: {Error}", Folder.Id, e.Message);
        }
    }
}
