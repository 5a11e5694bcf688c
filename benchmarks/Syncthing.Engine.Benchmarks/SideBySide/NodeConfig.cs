using Syncthing.Engine.Config;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// Writes the same config.xml settings for either implementation: listen and GUI on 127.0.0.1 only, no discovery,
/// relays, NAT, usage or crash reporting, <c>setLowPriority</c> false, redial every 5 s, the peer (if any) at its
/// loopback address, and the given folders shared between the two. fsync stays on (<c>disableFsync</c> false).
/// </summary>
internal static class NodeConfig
{
    /// <summary>A folder with the benchmark's settings; watcher off means rescans only when asked (interval one day).</summary>
    public static FolderConfiguration Folder(string id, string path, bool paused, bool watcher) => new()
    {
        Id = id,
        Label = id,
        Path = path,
        Paused = paused,
        FsWatcherEnabled = watcher,
        FsWatcherDelayS = 1,
        RescanIntervalS = watcher ? 3600 : 86_400,
        DisableFsync = false,
    };

    public static async Task WriteAsync(NodeSetup self, NodeSetup? peer, IEnumerable<FolderConfiguration> folders, CancellationToken cancellationToken)
    {
        var path = Path.Combine(self.Home, "config.xml");
        var config = ConfigDefaults.WithTestRigSettings(
            await ConfigXml.LoadAsync(path, cancellationToken).ConfigureAwait(false), self.ListenAddress, self.GuiAddress, self.ApiKey);
        var selfDevice = config.Devices.FirstOrDefault(d => d.DeviceId == self.Id) ?? new DeviceConfiguration { DeviceId = self.Id, Name = "self" };
        var devices = new List<DeviceConfiguration> { selfDevice };
        var members = new List<FolderDeviceConfiguration> { new() { DeviceId = self.Id } };
        if (peer is not null)
        {
            devices.Add(new DeviceConfiguration { DeviceId = peer.Id, Name = $"peer-{peer.Implementation.Name}", Addresses = ValueList.Of(peer.ListenAddress) });
            members.Add(new FolderDeviceConfiguration { DeviceId = peer.Id });
        }

        config = config with
        {
            Options = config.Options with { SetLowPriority = false, ReconnectionIntervalS = 5 },
            Devices = ValueList.Of([.. devices]),
            Folders = ValueList.Of([.. folders.Select(f => f with { Devices = ValueList.Of([.. members]) })]),
        };
        await ConfigXml.SaveAsync(config, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a (receiving or watched) folder's directory with its marker, as both implementations expect.</summary>
    public static string CreateFolderDirectory(string path)
    {
        Directory.CreateDirectory(Path.Combine(path, ".stfolder"));
        return path;
    }
}
