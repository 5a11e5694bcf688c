namespace Syncthing.PowerShell.Core;

// The PowerShell-facing output objects: snapshots (never live views), property names equal to the cmdlets'
// parameter names (Node, FolderId, DeviceId) so pipeline binding by property name works.

/// <summary>A node known to the session (Get-SyncNode, Start-SyncNode -PassThru, Connect-SyncNode).</summary>
public sealed record SyncNodeInfo(string Node, string DeviceId, SyncNodeKind Kind, IReadOnlyList<string> ListenAddress, Uri? ApiUri, string? Home, int? ProcessId);

/// <summary>A device configured on a node.</summary>
public sealed record SyncDeviceInfo(string Node, string DeviceId, string Name, IReadOnlyList<string> Address, bool Paused, bool Introducer, bool Connected);

/// <summary>A folder configured on a node.</summary>
public sealed record SyncFolderInfo(string Node, string FolderId, string Label, string Path, string Type, bool Paused, IReadOnlyList<string> DeviceId, int RescanIntervalS, int WatchDelayS, bool WatcherEnabled);

/// <summary>One folder's state on one node (Get-SyncStatus).</summary>
public sealed record SyncStatus(
    string Node,
    string FolderId,
    string Label,
    string State,
    long NeedFiles,
    long NeedBytes,
    double InSyncPercent,
    long GlobalFiles,
    long GlobalBytes,
    long LocalFiles,
    long LocalBytes,
    DateTimeOffset? LastScan,
    long Errors,
    string? Error);

/// <summary>A device's connection as a node sees it.</summary>
public sealed record SyncConnectionInfo(string Node, string DeviceId, bool Connected, bool Paused, string Address, string ClientVersion, string Type, long InBytesTotal, long OutBytesTotal);

/// <summary>Something a node lacks in a folder, with the queue it is in and who last changed it.</summary>
public sealed record SyncNeedItem(string Node, string FolderId, string Name, string Queue, long Size, bool Deleted, DateTimeOffset Modified, string ModifiedBy, string Reason);

/// <summary>One event of a node's event stream.</summary>
public sealed record SyncEventRecord(string Node, long Id, DateTimeOffset Time, string Type, string? FolderId, string? DeviceId, string Data);

/// <summary>A folder's ignore patterns.</summary>
public sealed record SyncIgnoreInfo(string Node, string FolderId, IReadOnlyList<string> Pattern, string? Error);

/// <summary>An identity created by New-SyncIdentity.</summary>
public sealed record SyncIdentityInfo(string DeviceId, string Home);
