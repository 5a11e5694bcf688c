using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Model;

/// <summary>
/// What a peer's ClusterConfig says about one folder: the folder entry, the peer's entry for us (its view of our
/// index: where our index sender starts) and its entry for itself (its own index: whether our stored copy is valid).
/// </summary>
internal sealed record ClusterConfigDeviceInfo(Folder Folder, Device Local, Device Remote)
{
    public const string MissingRemote = "remote device missing in cluster config";

    public const string MissingLocal = "local device missing in cluster config";

    /// <summary>
    /// Pairs every listed folder with the entries for the sender and for us. Returns 1.19's error text when any
    /// folder, known to us or not, lacks either entry (the sender's is checked first, as 1.19 does).
    /// </summary>
    public static string? TryCollect(ClusterConfig config, DeviceId localDevice, DeviceId remoteDevice, out IReadOnlyList<ClusterConfigDeviceInfo> infos)
    {
        ArgumentNullException.ThrowIfNull(config);
        var result = new List<ClusterConfigDeviceInfo>(config.Folders.Count);
        infos = result;
        foreach (var folder in config.Folders)
        {
            Device? local = null;
            Device? remote = null;
            foreach (var device in folder.Devices)
            {
                // An entry with a malformed ID can be neither of us; it is simply not matched.
                if (device.Id.Length != DeviceId.Length)
                {
                    continue;
                }

                var id = DeviceId.FromBytes(device.Id.Span);
                if (id == localDevice)
                {
                    local ??= device;
                }
                else if (id == remoteDevice)
                {
                    remote ??= device;
                }
            }

            if (remote is null)
            {
                return MissingRemote;
            }

            if (local is null)
            {
                return MissingLocal;
            }

            result.Add(new ClusterConfigDeviceInfo(folder, local, remote));
        }

        return null;
    }
}
