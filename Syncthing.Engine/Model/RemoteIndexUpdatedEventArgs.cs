using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Model;

/// <summary>
/// A peer's Index or IndexUpdate was applied (1.19's RemoteIndexUpdated event): the puller and the REST layer use it
/// to know that the global state of <see cref="Folder"/> may have changed.
/// </summary>
internal sealed class RemoteIndexUpdatedEventArgs(string folder, DeviceId device, int items, long sequence, bool replacedAll) : EventArgs
{
    public string Folder { get; } = folder;

    public DeviceId Device { get; } = device;

    /// <summary>Number of entries in the message.</summary>
    public int Items { get; } = items;

    /// <summary>The highest sequence we now hold from the device for the folder.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>True for a full Index (everything earlier from the device was replaced).</summary>
    public bool ReplacedAll { get; } = replacedAll;
}
