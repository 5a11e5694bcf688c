using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Syncthing.Engine.Config;
using Syncthing.Engine.Events;
using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Model;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Scanner;
using Syncthing.Engine.Watcher;

namespace Syncthing.Engine.Hosting;

/// <summary>One <see cref="FolderRunner"/> per configured, unpaused folder: scanning, pulling, rescans.</summary>
internal sealed partial class SyncNode : IPullObserver
{
    private readonly ConcurrentDictionary<string, FolderRunner> _runners = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _runnersLock = new(1, 1);

    /// <summary>Raised (from a folder's loop) when a folder's state changes: (folder, from, to).</summary>
    public event Action<string, string, string>? FolderStateChanged;

    /// <summary>Raised (from a folder's loop) after each pull iteration.</summary>
    internal event Action<string, PullResult>? FolderPulled;

    /// <summary>The runner of a running folder, or null (unknown or paused).</summary>
    internal FolderRunner? GetRunner(string folderId) => _runners.GetValueOrDefault(folderId);

    internal IReadOnlyCollection<FolderRunner> Runners => [.. _runners.Values];

    /// <summary>Called once while starting, before listening: events, folder runners and their wiring.</summary>
    private void StartServices(string home)
    {
        StartEvents(home);
        WireFolders();
        foreach (var folder in Configuration.Folders.Where(f => !f.Paused))
        {
            _runners[folder.Id] = StartRunner(folder);
        }
    }

    private void WireFolders()
    {
        _model.RemoteIndexUpdated += (_, e) => GetRunner(e.Folder)?.RequestPull();
        _model.ClusterConfigReceived += (_, _) =>
        {
            foreach (var runner in _runners.Values)
            {
                runner.RequestPull();
            }
        };
    }

    /// <summary>Starts runners for new or changed folders and stops those removed, paused or changed.</summary>
    private async Task SyncRunnersAsync(Configuration configuration)
    {
        await _runnersLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var wanted = configuration.Folders.Where(f => !f.Paused).ToDictionary(f => f.Id, StringComparer.Ordinal);
            foreach (var (id, runner) in _runners)
            {
                if (!wanted.TryGetValue(id, out var folder) || folder != runner.Folder)
                {
                    _runners.TryRemove(id, out _);
                    await runner.DisposeAsync().ConfigureAwait(false);
                }
            }

            foreach (var folder in wanted.Values)
            {
                if (!_runners.ContainsKey(folder.Id))
                {
                    _runners[folder.Id] = StartRunner(folder);
                }
            }
        }
        finally
        {
            _runnersLock.Release();
        }
    }

    private FolderRunner StartRunner(FolderConfiguration folder)
    {
        if (!Directory.Exists(folder.Path) && _store.GetLocalMaxSequence(folder.Id) == 0)
        {
            // A new folder: create its root, as 1.19 does. An indexed folder whose root vanished is an error instead.
            Directory.CreateDirectory(folder.Path);
        }

        var runner = new FolderRunner(
            folder,
            new BasicFileSystem(folder.Path),
            _store,
            _model,
            _identity.Id.Short,
            _time,
            _loggers.CreateLogger<FolderRunner>(),
            () =>
            {
                _notifier.NotifyLocalChanged(folder.Id);
                OnLocalIndexChanged(folder.Id);
            },
            this,
            new FolderScanOptions { IgnorePerms = folder.IgnorePerms, ReceiveOnly = folder.Type == FolderType.ReceiveOnly });
        runner.StateChanged += (f, from, to) =>
        {
            SetFolderState(f, to);
            FolderStateChanged?.Invoke(f, from, to);
        };
        runner.Pulled += (f, result) =>
        {
            if (result.Errors.Count > 0)
            {
                _events.Log(EventType.FolderErrors, new FolderErrorsEventData(f, [.. result.Errors.Select(e => new FolderErrorEntry(e.Reason, e.Name))]));
            }

            FolderPulled?.Invoke(f, result);
        };
        runner.Start(folder.FsWatcherEnabled && folder.FsWatcherDelayS > 0 ? new FileSystemWatcherSource(folder.Path, _loggers.CreateLogger<FileSystemWatcherSource>()) : null);
        return runner;
    }

    void IPullObserver.ItemStarted(string folder, string name, string type, PullAction action) =>
        _events.Log(EventType.ItemStarted, new ItemStartedEventData(folder, name, type, ActionName(action)));

    void IPullObserver.ItemFinished(string folder, string name, string type, PullAction action, string? error) =>
        _events.Log(EventType.ItemFinished, new ItemFinishedEventData(folder, name, type, ActionName(action), error));

    private static string ActionName(PullAction action) => action switch
    {
        PullAction.Metadata => "metadata",
        PullAction.Delete => "delete",
        _ => "update",
    };

    private async Task StopRunnersAsync()
    {
        await _runnersLock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var runner in _runners.Values)
            {
                await runner.DisposeAsync().ConfigureAwait(false);
            }

            _runners.Clear();
        }
        finally
        {
            _runnersLock.Release();
        }
    }
}
