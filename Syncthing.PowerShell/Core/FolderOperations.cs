using Syncthing.Engine.Config;

namespace Syncthing.PowerShell.Core;

/// <summary>Folders of a node's configuration, their sharing and ignore patterns (the *-SyncFolder and *-SyncIgnore cmdlets).</summary>
internal sealed class FolderOperations(NodeRegistry registry)
{
    public async Task<IReadOnlyList<SyncFolderInfo>> GetAsync(string? node, IReadOnlyList<string>? folderIds, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var folders = await Operations.CallAsync(handle, () => handle.Client.GetFoldersAsync(cancellationToken)).ConfigureAwait(false);
        foreach (var missing in folderIds?.Where(id => folders.All(f => f.Id != id)) ?? [])
        {
            throw NotFound(handle, missing);
        }

        return [.. folders.Where(f => folderIds is not { Count: > 0 } || folderIds.Contains(f.Id)).Select(f => Describe(handle.Name, f))];
    }

    /// <summary>
    /// Adds a folder at <paramref name="path"/> (created when missing) shared with <paramref name="devices"/>; fails
    /// with FolderIdExists when the ID is taken. Null settings keep Syncthing's defaults.
    /// </summary>
    public async Task<SyncFolderInfo> AddAsync(string? node, SyncFolderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var handle = registry.Get(node);
        var folders = await Operations.CallAsync(handle, () => handle.Client.GetFoldersAsync(cancellationToken)).ConfigureAwait(false);
        if (folders.Any(f => f.Id == spec.FolderId))
        {
            throw new SyncOperationException(SyncErrorIds.FolderIdExists, SyncErrorKind.ResourceExists, $"Folder '{spec.FolderId}' already exists on node '{handle.Name}'.", spec.FolderId);
        }

        if (handle.Kind != SyncNodeKind.Remote)
        {
            try
            {
                Directory.CreateDirectory(spec.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new SyncOperationException(SyncErrorIds.FolderPathInvalid, SyncErrorKind.InvalidArgument, $"Cannot create folder path '{spec.Path}': {e.Message}", spec.Path, e);
            }
        }

        var devices = new List<FolderDeviceConfiguration> { new() { DeviceId = Operations.ParseDevice(handle.DeviceId) } };
        devices.AddRange((spec.DeviceIds ?? []).Select(Operations.ParseDevice).Distinct().Where(d => d != devices[0].DeviceId).Select(d => new FolderDeviceConfiguration { DeviceId = d }));
        var defaults = new FolderConfiguration();
        var folder = defaults with
        {
            Id = spec.FolderId,
            Label = spec.Label ?? spec.FolderId,
            Path = spec.Path,
            Type = spec.Type ?? defaults.Type,
            Devices = ValueList.Of([.. devices]),
            RescanIntervalS = spec.RescanIntervalS ?? defaults.RescanIntervalS,
            FsWatcherEnabled = spec.WatchDelayS is null or > 0 ? defaults.FsWatcherEnabled : false,
            FsWatcherDelayS = spec.WatchDelayS is > 0 ? spec.WatchDelayS.Value : defaults.FsWatcherDelayS,
        };
        await Operations.CallAsync(handle, () => handle.Client.AddFolderAsync(folder, cancellationToken)).ConfigureAwait(false);
        if (spec.IgnorePatterns is { Count: > 0 })
        {
            await Operations.CallAsync(handle, () => handle.Client.SetIgnoresAsync(spec.FolderId, spec.IgnorePatterns, cancellationToken)).ConfigureAwait(false);
        }

        return (await GetAsync(handle.Name, [spec.FolderId], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Changes the given settings (null: unchanged).</summary>
    public Task<SyncFolderInfo> SetAsync(string? node, string folderId, string? label, FolderType? type, int? rescanIntervalS, int? watchDelayS, CancellationToken cancellationToken) =>
        ChangeAsync(node, folderId, f => f with
        {
            Label = label ?? f.Label,
            Type = type ?? f.Type,
            RescanIntervalS = rescanIntervalS ?? f.RescanIntervalS,
            FsWatcherEnabled = watchDelayS is null ? f.FsWatcherEnabled : watchDelayS > 0,
            FsWatcherDelayS = watchDelayS is > 0 ? watchDelayS.Value : f.FsWatcherDelayS,
        }, cancellationToken);

    public Task<SyncFolderInfo> SuspendAsync(string? node, string folderId, CancellationToken cancellationToken) =>
        ChangeAsync(node, folderId, f => f with { Paused = true }, cancellationToken);

    public Task<SyncFolderInfo> ResumeAsync(string? node, string folderId, CancellationToken cancellationToken) =>
        ChangeAsync(node, folderId, f => f with { Paused = false }, cancellationToken);

    /// <summary>Shares the folder with more devices (they must be configured on the node).</summary>
    public Task<SyncFolderInfo> GrantAsync(string? node, string folderId, IReadOnlyList<string> deviceIds, CancellationToken cancellationToken)
    {
        var ids = deviceIds.Select(Operations.ParseDevice).ToList();
        return ChangeAsync(node, folderId, f => f with
        {
            Devices = ValueList.Of([.. f.Devices, .. ids.Where(id => f.Devices.All(d => d.DeviceId != id)).Distinct().Select(id => new FolderDeviceConfiguration { DeviceId = id })]),
        }, cancellationToken);
    }

    /// <summary>Stops sharing the folder with devices.</summary>
    public Task<SyncFolderInfo> RevokeAsync(string? node, string folderId, IReadOnlyList<string> deviceIds, CancellationToken cancellationToken)
    {
        var ids = deviceIds.Select(Operations.ParseDevice).ToHashSet();
        return ChangeAsync(node, folderId, f => f with { Devices = ValueList.Of([.. f.Devices.Where(d => !ids.Contains(d.DeviceId))]) }, cancellationToken);
    }

    /// <summary>Removes the folder from the configuration (its files stay on disk); returns what it was.</summary>
    public async Task<SyncFolderInfo> RemoveAsync(string? node, string folderId, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var before = (await GetAsync(handle.Name, [folderId], cancellationToken).ConfigureAwait(false))[0];
        await Operations.CallAsync(handle, () => handle.Client.RemoveFolderAsync(folderId, cancellationToken)).ConfigureAwait(false);
        return before;
    }

    public async Task<SyncIgnoreInfo> GetIgnoreAsync(string? node, string folderId, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        await GetAsync(handle.Name, [folderId], cancellationToken).ConfigureAwait(false);
        var ignores = await Operations.CallAsync(handle, () => handle.Client.GetIgnoresAsync(folderId, cancellationToken)).ConfigureAwait(false);
        return new SyncIgnoreInfo(handle.Name, folderId, ignores.Ignore ?? [], string.IsNullOrEmpty(ignores.Error) ? null : ignores.Error);
    }

    public async Task<SyncIgnoreInfo> SetIgnoreAsync(string? node, string folderId, IReadOnlyList<string> patterns, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        await GetAsync(handle.Name, [folderId], cancellationToken).ConfigureAwait(false);
        await Operations.CallAsync(handle, () => handle.Client.SetIgnoresAsync(folderId, patterns, cancellationToken)).ConfigureAwait(false);
        return await GetIgnoreAsync(handle.Name, folderId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SyncFolderInfo> ChangeAsync(string? node, string folderId, Func<FolderConfiguration, FolderConfiguration> change, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var folders = await Operations.CallAsync(handle, () => handle.Client.GetFoldersAsync(cancellationToken)).ConfigureAwait(false);
        var current = folders.FirstOrDefault(f => f.Id == folderId) ?? throw NotFound(handle, folderId);
        await Operations.CallAsync(handle, () => handle.Client.PutFolderAsync(change(current), cancellationToken)).ConfigureAwait(false);
        return (await GetAsync(handle.Name, [folderId], cancellationToken).ConfigureAwait(false))[0];
    }

    private static SyncOperationException NotFound(SyncNodeHandle handle, string folderId) =>
        new(SyncErrorIds.FolderNotFound, SyncErrorKind.ObjectNotFound, $"Folder '{folderId}' is not configured on node '{handle.Name}'.", folderId);

    private static SyncFolderInfo Describe(string node, FolderConfiguration f) =>
        new(node, f.Id, f.Label, f.Path, f.Type.ToString(), f.Paused, [.. f.Devices.Select(d => d.DeviceId.ToString())], f.RescanIntervalS, f.FsWatcherDelayS, f.FsWatcherEnabled);
}
