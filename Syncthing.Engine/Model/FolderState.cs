namespace Syncthing.Engine.Model;

/// <summary>A folder's state as Syncthing names it in /rest/db/status and StateChanged events.</summary>
internal static class FolderState
{
    public const string Idle = "idle";
    public const string Scanning = "scanning";
    public const string Syncing = "syncing";
    public const string Error = "error";
    public const string Paused = "paused";
}
