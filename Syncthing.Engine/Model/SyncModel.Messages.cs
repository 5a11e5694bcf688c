using Microsoft.Extensions.Logging;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using WireFileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Engine.Model;

internal sealed partial class SyncModel
{
    /// <summary>1.19's error texts, which become the Close reason (<c>handling &lt;message&gt;: &lt;error&gt;</c>).</summary>
    internal const string FolderMissing = "no such folder";

    internal const string FolderPaused = "folder is paused";

    /// <summary>
    /// The peer's ClusterConfig (brief §3.1): every folder must carry entries for the peer and for us, or the
    /// connection is closed with 1.19's reason. Folders we do not share with the peer become pending folders; for the
    /// others the index senders are (re)started from the peer's view of our index.
    /// </summary>
    public async Task OnClusterConfigAsync(BepConnection connection, ClusterConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(config);
        var session = GetSession(connection);
        var device = connection.RemoteDevice;
        var configuration = Configuration;
        var deviceConfig = FindDevice(configuration, device);
        if (deviceConfig is null)
        {
            await connection.CloseAsync("handling cluster-config: unknown device").ConfigureAwait(false);
            return;
        }

        var error = ClusterConfigDeviceInfo.TryCollect(config, LocalDevice, device, out var infos);
        if (error is not null)
        {
            _logger.LogInformation("Device {Device} sent an invalid cluster config: {Error}", device.Short, error);
            await connection.CloseAsync("handling cluster-config: " + error).ConfigureAwait(false);
            return;
        }

        var now = _time.GetUtcNow();
        var pending = new List<PendingFolder>();
        foreach (var info in infos)
        {
            var folder = FindFolder(configuration, info.Folder.Id);
            if (folder is not null && ClusterConfigBuilder.IsSharedWith(folder, device))
            {
                continue;
            }

            if (deviceConfig.IgnoredFolders.Any(f => string.Equals(f.Id, info.Folder.Id, StringComparison.Ordinal)))
            {
                _logger.LogDebug("Ignoring folder {Folder} offered by {Device} as configured", info.Folder.Id, device.Short);
                continue;
            }

            _logger.LogInformation("Device {Device} offers folder {Folder} ({Label}), which we do not share with it", device.Short, info.Folder.Id, info.Folder.Label);
            pending.Add(new PendingFolder(info.Folder.Id, info.Folder.Label, device, now));
        }

        _pending.SetFolders(device, pending);
        await session.ApplyClusterConfigAsync(infos, configuration).ConfigureAwait(false);
        ClusterConfigReceived?.Invoke(this, device);
    }

    /// <summary>
    /// A peer's Index (replaces what we hold from it) or IndexUpdate (upserts), brief §3.3. Only accepted for a folder
    /// shared with the peer, running here, and listed unpaused in its ClusterConfig; anything else closes the
    /// connection as 1.19 does.
    /// </summary>
    public Task OnIndexAsync(BepConnection connection, string folder, IReadOnlyList<WireFileInfo> files, bool isUpdate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(files);
        var session = GetSession(connection);
        var device = connection.RemoteDevice;
        var context = (isUpdate ? "index-update for " : "index for ") + folder;
        var folderConfig = FindFolder(Configuration, folder);
        if (folderConfig is null || !ClusterConfigBuilder.IsSharedWith(folderConfig, device))
        {
            _logger.LogInformation("Index for unexpected folder {Folder} from {Device}", folder, device.Short);
            return connection.CloseAsync($"handling {context}: {folder}: {FolderMissing}");
        }

        if (folderConfig.Paused)
        {
            return connection.CloseAsync($"handling {context}: {folder}: {FolderPaused}");
        }

        if (!session.IsExchanging(folder))
        {
            // Shared, but the peer did not list it (or listed it paused) in its ClusterConfig.
            return connection.CloseAsync($"handling {context}: {FolderMissing}");
        }

        var records = new List<FileRecord>(files.Count);
        foreach (var file in files)
        {
            records.Add(WireMapping.ToRecord(file));
        }

        // ApplyRemote also records the highest sequence received, which our next ClusterConfig announces.
        _store.ApplyRemote(folder, device, records, replaceAll: !isUpdate, cancellationToken);
        var sequence = _store.GetRemoteIndex(folder, device).MaxSequence;
        _logger.LogDebug("{Kind} from {Device} for {Folder}: {Count} files, now at sequence {Sequence}", isUpdate ? "IndexUpdate" : "Index", device.Short, folder, records.Count, sequence);
        RemoteIndexUpdated?.Invoke(this, new RemoteIndexUpdatedEventArgs(folder, device, records.Count, sequence, !isUpdate));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A peer's block Request: GENERIC for a folder that is unknown, not shared with it or paused (as 1.19), otherwise
    /// whatever the block server answers.
    /// </summary>
    public Task<RequestReply> OnRequestAsync(BepConnection connection, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        var folder = FindFolder(Configuration, request.Folder);
        if (folder is null || folder.Paused || !ClusterConfigBuilder.IsSharedWith(folder, connection.RemoteDevice))
        {
            return Task.FromResult<RequestReply>(new Response { Code = ErrorCode.Generic });
        }

        return _blockServer.ServeAsync(folder, connection.RemoteDevice, request, cancellationToken);
    }

    /// <summary>Download progress is only of interest to the puller and the GUI, which do not exist yet.</summary>
    public Task OnDownloadProgressAsync(BepConnection connection, DownloadProgress progress, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
