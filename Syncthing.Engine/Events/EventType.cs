namespace Syncthing.Engine.Events;

/// <summary>
/// Syncthing 1.19's event types (lib/events), one bit each so subscriptions can combine them in a mask. The member
/// names are the wire names of the <c>type</c> field of <c>/rest/events</c>.
/// </summary>
[Flags]
public enum EventType : long
{
    None = 0,
    Starting = 1L << 0,
    StartupComplete = 1L << 1,
    DeviceDiscovered = 1L << 2,
    DeviceConnected = 1L << 3,
    DeviceDisconnected = 1L << 4,
    DeviceRejected = 1L << 5,
    PendingDevicesChanged = 1L << 6,
    DevicePaused = 1L << 7,
    DeviceResumed = 1L << 8,
    ClusterConfigReceived = 1L << 9,
    LocalChangeDetected = 1L << 10,
    RemoteChangeDetected = 1L << 11,
    LocalIndexUpdated = 1L << 12,
    RemoteIndexUpdated = 1L << 13,
    ItemStarted = 1L << 14,
    ItemFinished = 1L << 15,
    StateChanged = 1L << 16,
    FolderRejected = 1L << 17,
    PendingFoldersChanged = 1L << 18,
    ConfigSaved = 1L << 19,
    DownloadProgress = 1L << 20,
    RemoteDownloadProgress = 1L << 21,
    FolderSummary = 1L << 22,
    FolderCompletion = 1L << 23,
    FolderErrors = 1L << 24,
    FolderScanProgress = 1L << 25,
    FolderPaused = 1L << 26,
    FolderResumed = 1L << 27,
    FolderWatchStateChanged = 1L << 28,
    ListenAddressesChanged = 1L << 29,
    LoginAttempt = 1L << 30,
    Failure = 1L << 31,
}
