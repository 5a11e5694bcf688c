namespace Syncthing.PowerShell.Core;

/// <summary>How a session reaches a node.</summary>
public enum SyncNodeKind
{
    /// <summary>The engine runs inside this process (Start-SyncNode).</summary>
    InProcess,

    /// <summary>A node reached over its REST API (Connect-SyncNode): our daemon or real Syncthing.</summary>
    Remote,

    /// <summary>A syncthingd process this session started detached (Start-SyncNode -AsService).</summary>
    Service,
}
