using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

/// <summary>
/// One device's entry for a name, reduced to what global selection looks at. <see cref="DeviceKey"/> is the
/// store's device number (0 = the local device) and only breaks ties between identical versions.
/// </summary>
internal readonly record struct GlobalCandidate(
    long DeviceKey,
    VersionVector Version,
    bool Invalid,
    bool Deleted,
    long ModifiedSeconds,
    int ModifiedNanos);
