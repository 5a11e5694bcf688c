using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Model;

/// <summary>
/// A folder a connected device offers that we do not share with it (<c>/rest/cluster/pending/folders</c>): unknown
/// to us, or configured but not shared with that device.
/// </summary>
internal sealed record PendingFolder(string FolderId, string Label, DeviceId DeviceId, DateTimeOffset Time);
