using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Model;

/// <summary>Connection notifications for the host's event log, and dismissal of pending entries for the REST API.</summary>
internal sealed partial class SyncModel
{
    /// <summary>Raised when a peer's connection was admitted and our ClusterConfig is about to be sent; must be quick.</summary>
    public event EventHandler<BepConnection>? DeviceConnected;

    /// <summary>Raised when an admitted connection closed; must be quick.</summary>
    public event EventHandler<DeviceDisconnectedEventArgs>? DeviceDisconnected;

    public void DismissPendingDevice(DeviceId device) => _pending.RemoveDevice(device);

    public void DismissPendingFolder(string folderId, DeviceId? device) => _pending.RemoveFolder(folderId, device);
}

/// <summary>An admitted connection closed, with the reason (1.19's DeviceDisconnected <c>error</c>).</summary>
internal sealed class DeviceDisconnectedEventArgs(BepConnection connection, string reason, Exception? error) : EventArgs
{
    public BepConnection Connection { get; } = connection;

    public string Reason { get; } = reason;

    public Exception? Error { get; } = error;
}
