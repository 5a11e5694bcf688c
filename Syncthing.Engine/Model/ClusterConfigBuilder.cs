using Google.Protobuf;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol.Wire;
using ConfigCompression = Syncthing.Engine.Config.Compression;
using WireCompression = Syncthing.Engine.Protocol.Wire.Compression;

namespace Syncthing.Engine.Model;

/// <summary>
/// The ClusterConfig we send one device, filled as 1.19's <c>generateClusterConfig</c> does (brief §3.1): one
/// Folder per folder shared with that device, and in each a Device entry for every device the folder is shared with,
/// the receiver and ourselves included, carrying our configured name, addresses, compression, cert name and
/// introducer flag for it. Our own entry carries our index ID and highest local sequence; every other entry the index
/// ID and highest sequence we have stored from that device.
/// </summary>
internal static class ClusterConfigBuilder
{
    public static ClusterConfig Build(Configuration configuration, DeviceId localDevice, DeviceId remoteDevice, IIndexStore store)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(store);
        var devices = new Dictionary<DeviceId, DeviceConfiguration>();
        foreach (var device in configuration.Devices)
        {
            devices.TryAdd(device.DeviceId, device);
        }

        var message = new ClusterConfig();
        foreach (var folder in configuration.Folders)
        {
            if (!IsSharedWith(folder, remoteDevice))
            {
                continue;
            }

            // A receive-encrypted folder can only be announced with the password token the peer gave us, which
            // this implementation does not handle yet; 1.19 likewise omits such a folder until it has a token.
            if (folder.Type == FolderType.ReceiveEncrypted)
            {
                continue;
            }

            message.Folders.Add(BuildFolder(folder, devices, localDevice, store));
        }

        return message;
    }

    /// <summary>True when the folder's device list names <paramref name="device"/>.</summary>
    public static bool IsSharedWith(FolderConfiguration folder, DeviceId device)
    {
        ArgumentNullException.ThrowIfNull(folder);
        foreach (var shared in folder.Devices)
        {
            if (shared.DeviceId == device)
            {
                return true;
            }
        }

        return false;
    }

    private static Folder BuildFolder(
        FolderConfiguration folder, Dictionary<DeviceId, DeviceConfiguration> devices, DeviceId localDevice, IIndexStore store)
    {
        var wire = new Folder
        {
            Id = folder.Id,
            Label = folder.Label,
            ReadOnly = folder.Type == FolderType.SendOnly,
            IgnorePermissions = folder.IgnorePerms,
            IgnoreDelete = folder.IgnoreDelete,
            DisableTempIndexes = folder.DisableTempIndexes,

            // A paused folder has no running index in 1.19 and is announced without index information.
            Paused = folder.Paused,
        };

        var seen = new HashSet<DeviceId>();
        foreach (var shared in folder.Devices)
        {
            if (!seen.Add(shared.DeviceId))
            {
                continue;
            }

            devices.TryGetValue(shared.DeviceId, out var config);
            config ??= new DeviceConfiguration { DeviceId = shared.DeviceId, Addresses = ValueList.Empty<string>() };
            var entry = new Device
            {
                Id = ByteString.CopyFrom(shared.DeviceId.Bytes),
                Name = config.Name,
                Compression = ToWire(config.Compression),
                CertName = config.CertName,
                Introducer = config.Introducer,
            };
            entry.Addresses.AddRange(config.Addresses);

            if (!folder.Paused)
            {
                if (shared.DeviceId == localDevice)
                {
                    entry.IndexId = store.GetLocalIndexId(folder.Id);
                    entry.MaxSequence = store.GetLocalMaxSequence(folder.Id);
                }
                else
                {
                    var known = store.GetRemoteIndex(folder.Id, shared.DeviceId);
                    entry.IndexId = known.IndexId;
                    entry.MaxSequence = known.MaxSequence;
                }
            }

            wire.Devices.Add(entry);
        }

        return wire;
    }

    public static WireCompression ToWire(ConfigCompression compression) => compression switch
    {
        ConfigCompression.Never => WireCompression.Never,
        ConfigCompression.Always => WireCompression.Always,
        _ => WireCompression.Metadata,
    };
}
