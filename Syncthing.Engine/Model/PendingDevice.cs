using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Model;

/// <summary>A device that connected but is not in our configuration (<c>/rest/cluster/pending/devices</c>).</summary>
internal sealed record PendingDevice(DeviceId DeviceId, string Name, string Address, DateTimeOffset Time);
