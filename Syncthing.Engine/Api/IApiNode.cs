using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Config;
using Syncthing.Engine.Events;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Model;

namespace Syncthing.Engine.Api;

/// <summary>
/// What the REST handlers need from a running node. The host (SyncNode) implements it; tests may fake it.
/// </summary>
internal interface IApiNode
{
    DeviceId DeviceId { get; }

    /// <summary>The node's home directory (the <c>Starting</c> event and <c>/rest/system/status</c>).</summary>
    string Home { get; }

    Configuration Configuration { get; }

    /// <summary>Validates (ConfigValidationException), saves atomically and applies live.</summary>
    Task SetConfigurationAsync(Configuration configuration, CancellationToken cancellationToken);

    IIndexStore Index { get; }

    EventLog Events { get; }

    TimeProvider Time { get; }

    DateTimeOffset StartTime { get; }

    /// <summary>The node's recorded errors (<c>/rest/system/error</c>).</summary>
    SystemErrorLog Errors { get; }

    /// <summary>Scans a folder (or sub-paths of it); ArgumentException when the folder is not configured.</summary>
    Task ScanAsync(string folder, IReadOnlyList<string>? subPaths, CancellationToken cancellationToken);

    /// <summary>The folder's state (<c>idle</c>, <c>scanning</c>, …) and when it last changed.</summary>
    (string State, DateTimeOffset Changed) FolderState(string folder);

    /// <summary>When the folder's last scan finished, or null.</summary>
    DateTimeOffset? LastScan(string folder);

    IReadOnlyList<DeviceConnectionInfo> GetConnections();

    IReadOnlyList<PendingDevice> PendingDevices { get; }

    IReadOnlyList<PendingFolder> PendingFolders { get; }

    void DismissPendingDevice(DeviceId device);

    /// <summary>Forgets a pending folder offered by <paramref name="device"/>, or by anyone when null.</summary>
    void DismissPendingFolder(string folder, DeviceId? device);

    /// <summary>The folder's .stignore lines, expanded patterns and parse error (null when none).</summary>
    FolderIgnores GetIgnores(string folder);

    Task SetIgnoresAsync(string folder, IReadOnlyList<string> lines, CancellationToken cancellationToken);

    /// <summary>Send-only folders: make the cluster match our version (NotSupportedException until the puller exists).</summary>
    Task OverrideAsync(string folder, CancellationToken cancellationToken);

    /// <summary>Receive-only folders: drop our local changes (NotSupportedException until the puller exists).</summary>
    Task RevertAsync(string folder, CancellationToken cancellationToken);

    /// <summary>
    /// Exports a bundle (our extension, docs/BUNDLES.md). KeyNotFoundException: unknown folder or device;
    /// ArgumentException: refused input (relative path, paused folder, folder not shared with the device).
    /// </summary>
    Task<BundleExportResponse> ExportBundleAsync(BundleExportRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Imports (or with DryRun previews) a bundle. SyncthingException: the bundle is refused, nothing changed;
    /// ArgumentException: refused input.
    /// </summary>
    Task<BundleImportResponse> ImportBundleAsync(BundleImportRequest request, CancellationToken cancellationToken);

    /// <summary>Verifies and records a target's receipt (what it acknowledged). SyncthingException: refused.</summary>
    Task<BundleReceiptResponse> AcceptBundleReceiptAsync(BundleReceiptRequest request, CancellationToken cancellationToken);

    /// <summary>Asks the host to stop the node (the daemon exits).</summary>
    void RequestShutdown();

    /// <summary>Asks the host to restart the node.</summary>
    void RequestRestart();
}
