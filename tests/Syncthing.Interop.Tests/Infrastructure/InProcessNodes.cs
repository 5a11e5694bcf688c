using System.Net;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;

namespace Syncthing.Interop.Tests.Infrastructure;

/// <summary>Our nodes in process on 127.0.0.1 sharing one folder (watcher off, explicit scans), for multi-node tests.</summary>
internal static class InProcessNodes
{
    /// <summary>Creates (or loads) the identity in <c>root/name-home</c> and returns its device ID.</summary>
    public static DeviceId Identity(string root, string name)
    {
        using var identity = DeviceIdentity.LoadOrCreate(Path.Combine(root, name + "-home"), TimeProvider.System);
        return identity.Id;
    }

    /// <summary>Starts the node of <c>root/name-home</c> with <paramref name="folderId"/> at <paramref name="data"/>, shared with <paramref name="peers"/>.</summary>
    public static SyncNode Start(string root, string name, DeviceId self, string data, string folderId, IReadOnlyList<DeviceId> peers)
    {
        var config = ConfigDefaults.Create(self, name, withDefaultFolder: false);
        config = config with
        {
            Devices = new ValueList<DeviceConfiguration>(config.Devices.Concat(peers.Select(p => new DeviceConfiguration { DeviceId = p, Name = p.Short.ToString(), Addresses = ValueList.Of("dynamic") }))),
            Folders = ValueList.Of(new FolderConfiguration
            {
                Id = folderId,
                Label = folderId,
                Path = data,
                FsWatcherEnabled = false,
                RescanIntervalS = 3600,
                Devices = new ValueList<FolderDeviceConfiguration>(new[] { self }.Concat(peers).Select(d => new FolderDeviceConfiguration { DeviceId = d })),
            }),
        };
        return SyncNode.Start(Path.Combine(root, name + "-home"), config, new IPEndPoint(IPAddress.Loopback, 0));
    }
}
