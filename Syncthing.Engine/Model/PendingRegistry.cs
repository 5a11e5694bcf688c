using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Model;

/// <summary>
/// In-memory record of pending devices and folders, as 1.19 keeps them in its database for the GUI. Each device's
/// pending folders are replaced by what its latest ClusterConfig offers (1.19 expires the ones no longer offered).
/// </summary>
internal sealed class PendingRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<DeviceId, PendingDevice> _devices = [];
    private readonly Dictionary<DeviceId, Dictionary<string, PendingFolder>> _folders = [];

    public IReadOnlyList<PendingDevice> Devices
    {
        get
        {
            lock (_gate)
            {
                return [.. _devices.Values.OrderBy(d => d.DeviceId.ToString(), StringComparer.Ordinal)];
            }
        }
    }

    public IReadOnlyList<PendingFolder> Folders
    {
        get
        {
            lock (_gate)
            {
                return [.. _folders.Values.SelectMany(f => f.Values)
                    .OrderBy(f => f.FolderId, StringComparer.Ordinal)
                    .ThenBy(f => f.DeviceId.ToString(), StringComparer.Ordinal)];
            }
        }
    }

    public void AddDevice(PendingDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        lock (_gate)
        {
            _devices[device.DeviceId] = device;
        }
    }

    /// <summary>Replaces the pending folders offered by <paramref name="device"/>.</summary>
    public void SetFolders(DeviceId device, IEnumerable<PendingFolder> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var map = folders.ToDictionary(f => f.FolderId, StringComparer.Ordinal);
        lock (_gate)
        {
            if (map.Count == 0)
            {
                _folders.Remove(device);
            }
            else
            {
                _folders[device] = map;
            }
        }
    }

    /// <summary>Forgets a pending device (<c>DELETE /rest/cluster/pending/devices</c>).</summary>
    public void RemoveDevice(DeviceId device)
    {
        lock (_gate)
        {
            _devices.Remove(device);
        }
    }

    /// <summary>Forgets a pending folder offered by <paramref name="device"/>, or by every device when null.</summary>
    public void RemoveFolder(string folderId, DeviceId? device)
    {
        lock (_gate)
        {
            foreach (var (offeredBy, folders) in _folders.ToList())
            {
                if ((device is null || offeredBy == device) && folders.Remove(folderId) && folders.Count == 0)
                {
                    _folders.Remove(offeredBy);
                }
            }
        }
    }

    /// <summary>
    /// Drops entries the configuration has made obsolete: devices now configured or ignored, folders offered by
    /// devices no longer configured, and folders now shared with the device that offered them.
    /// </summary>
    public void Clean(Configuration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.Devices.DistinctBy(d => d.DeviceId).ToDictionary(d => d.DeviceId);
        var ignored = configuration.RemoteIgnoredDevices.Select(d => d.DeviceId).ToHashSet();
        var folders = configuration.Folders.DistinctBy(f => f.Id).ToDictionary(f => f.Id, StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var id in _devices.Keys.Where(id => configured.ContainsKey(id) || ignored.Contains(id)).ToList())
            {
                _devices.Remove(id);
            }

            foreach (var (device, offered) in _folders.ToList())
            {
                if (!configured.TryGetValue(device, out var deviceConfig))
                {
                    _folders.Remove(device);
                    continue;
                }

                foreach (var folderId in offered.Keys.ToList())
                {
                    var shared = folders.TryGetValue(folderId, out var folder) && ClusterConfigBuilder.IsSharedWith(folder, device);
                    if (shared || deviceConfig.IgnoredFolders.Any(f => f.Id == folderId))
                    {
                        offered.Remove(folderId);
                    }
                }

                if (offered.Count == 0)
                {
                    _folders.Remove(device);
                }
            }
        }
    }
}
