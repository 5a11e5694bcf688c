using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Hosting;

/// <summary>A loaded home: its full path, the device ID of its identity, its configuration and what had to be created.</summary>
internal sealed record NodeHomeState(
    string Home,
    DeviceId DeviceId,
    Configuration Configuration,
    bool CreatedIdentity,
    bool CreatedConfig);
