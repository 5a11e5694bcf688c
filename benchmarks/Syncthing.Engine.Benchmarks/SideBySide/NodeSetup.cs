using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>A generated home and the loopback addresses and API key the node will be configured with.</summary>
internal sealed record NodeSetup(Implementation Implementation, string Home, DeviceId Id, int ListenPort, string GuiAddress, string ApiKey)
{
    public string ListenAddress => $"tcp://127.0.0.1:{ListenPort}";
}
