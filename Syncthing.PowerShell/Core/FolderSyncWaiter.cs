using Syncthing.Engine.Identity;

namespace Syncthing.PowerShell.Core;

/// <summary>
/// The sync barrier behind Wait-SyncFolder and Test-SyncFolder: a folder is in sync on a node when it is idle, the
/// node needs nothing, and every target device (given ones, or all the folder is shared with) is connected and
/// 100 % complete as the node sees it.
/// </summary>
internal sealed class FolderSyncWaiter(NodeRegistry registry, StatusOperations status, TimeProvider time)
{
    /// <summary>How often Wait polls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>One look: in sync now (with the reason when not).</summary>
    public async Task<(bool InSync, SyncWaitProgress Progress)> CheckAsync(string? node, string folderId, IReadOnlyList<string>? inSyncWith, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var folders = await Operations.CallAsync(handle, () => handle.Client.GetFoldersAsync(cancellationToken)).ConfigureAwait(false);
        var folder = folders.FirstOrDefault(f => f.Id == folderId)
            ?? throw new SyncOperationException(SyncErrorIds.FolderNotFound, SyncErrorKind.ObjectNotFound, $"Folder '{folderId}' is not configured on node '{handle.Name}'.", folderId);
        var self = Operations.ParseDevice(handle.DeviceId);
        var targets = inSyncWith is { Count: > 0 }
            ? inSyncWith.Select(ResolveDevice).ToList()
            : folder.Devices.Select(d => d.DeviceId).Where(d => d != self).ToList();

        var local = await status.GetFolderStatusAsync(handle, folderId, folder.Label, folder.Paused, cancellationToken).ConfigureAwait(false);
        var percent = local.InSyncPercent;
        if (local.State != "idle")
        {
            return (false, new SyncWaitProgress(handle.Name, folderId, percent, $"folder is {local.State}"));
        }

        if (local.NeedFiles > 0 || local.NeedBytes > 0)
        {
            return (false, new SyncWaitProgress(handle.Name, folderId, percent, $"{local.NeedFiles} files needed locally"));
        }

        var connections = await Operations.CallAsync(handle, () => handle.Client.GetConnectionsAsync(cancellationToken)).ConfigureAwait(false);
        foreach (var device in targets)
        {
            if (!connections.Connections.TryGetValue(device.ToString(), out var c) || !c.Connected)
            {
                return (false, new SyncWaitProgress(handle.Name, folderId, percent, $"device {device.Short} not connected"));
            }

            var completion = await Operations.CallAsync(handle, () => handle.Client.GetCompletionAsync(folderId, device, cancellationToken)).ConfigureAwait(false);
            percent = Math.Min(percent, completion.Completion);
            if (completion.Completion < 100 || completion.NeedItems > 0)
            {
                return (false, new SyncWaitProgress(handle.Name, folderId, percent, $"device {device.Short} at {completion.Completion:0.#} %"));
            }
        }

        return (true, new SyncWaitProgress(handle.Name, folderId, 100, "in sync"));

        DeviceId ResolveDevice(string text)
        {
            if (DeviceId.TryParse(text, out var id))
            {
                return id;
            }

            // A node of this session can stand for its device.
            return registry.Contains(text) ? Operations.ParseDevice(registry.Get(text).DeviceId) : Operations.ParseDevice(text);
        }
    }

    /// <summary>
    /// Polls until the folder is in sync, reporting each look to <paramref name="progress"/>; throws
    /// SyncOperationException WaitTimeout after <paramref name="timeout"/>, OperationCanceledException on cancel.
    /// </summary>
    public async Task<SyncWaitProgress> WaitAsync(string? node, string folderId, IReadOnlyList<string>? inSyncWith, TimeSpan timeout, Action<SyncWaitProgress>? progress, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var (inSync, report) = await CheckAsync(node, folderId, inSyncWith, cancellationToken).ConfigureAwait(false);
            progress?.Invoke(report);
            if (inSync)
            {
                return report;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new SyncOperationException(SyncErrorIds.WaitTimeout, SyncErrorKind.OperationTimeout, $"Folder '{folderId}' on node '{report.Node}' was not in sync after {timeout}: {report.Waiting}.", folderId);
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
