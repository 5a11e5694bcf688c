namespace Syncthing.PowerShell.Core;

/// <summary>One progress report of Wait-SyncFolder: how far the folder is, and what it still waits for.</summary>
public sealed record SyncWaitProgress(string Node, string FolderId, double Percent, string Waiting);
