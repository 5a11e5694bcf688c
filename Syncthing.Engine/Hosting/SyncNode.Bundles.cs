using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Bundles;
using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Model;
using Syncthing.Engine.Puller;

namespace Syncthing.Engine.Hosting;

/// <summary>
/// Offline bundles on a running node (docs/BUNDLES.md). Export scans the folder, then writes the bundle while
/// holding the folder's runner (no pull changes the folder while its blocks are read). Import scans every running
/// folder, then verifies and applies the bundle while holding all their runners (the puller never races the
/// runner), and announces our changed index to connected peers exactly as after a scan or pull.
/// </summary>
internal sealed partial class SyncNode
{
    private const long MaxReceiptLength = 256 * 1024;

    public async Task<BundleExportResponse> ExportBundleAsync(BundleExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireAbsolute(request.Path, nameof(request.Path));
        var runner = RequireRunner(request.Folder);
        var target = DeviceId.Parse(request.Device);
        if (Configuration.Devices.All(d => d.DeviceId != target))
        {
            throw new KeyNotFoundException($"No device {target} is configured.");
        }

        if (target == DeviceId)
        {
            throw new ArgumentException("A bundle is exported for another device, not for this one.", nameof(request));
        }

        if (runner.Folder.Devices.All(d => d.DeviceId != target))
        {
            throw new ArgumentException($"Folder '{request.Folder}' is not shared with device {target}.", nameof(request));
        }

        var options = ExportOptions(request);
        await runner.ScanAsync(null, cancellationToken).ConfigureAwait(false);
        BundleExportResult? result = null;
        await runner.RunExclusiveAsync(
            async ct => result = await BundleExporter.ExportToFileAsync(
                _store, new BasicFileSystem(runner.Folder.Path), _identity, runner.Folder.Id, target, options,
                request.Path, _time, progress: null, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return new BundleExportResponse(
            result!.Paths, result.Records, result.Blocks, result.Bytes,
            [.. result.Skipped.Select(s => new BundleNamedReason(s.Name, s.Reason))]);
    }

    public async Task<BundleImportResponse> ImportBundleAsync(BundleImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireAbsolute(request.Path, nameof(request.Path));
        if (request.ReceiptPath is not null)
        {
            RequireAbsolute(request.ReceiptPath, nameof(request.ReceiptPath));
            if (!Directory.Exists(Path.GetDirectoryName(request.ReceiptPath)))
            {
                // Checked before the import, so an import is never done without the receipt it was asked for.
                throw new ArgumentException($"The directory of receiptPath does not exist: {request.ReceiptPath}", nameof(request));
            }
        }

        if (request.DryRun)
        {
            return await PreviewBundleAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var runners = await ScanRunningFoldersAsync(cancellationToken).ConfigureAwait(false);
        var byId = runners.ToDictionary(r => r.Folder.Id, StringComparer.Ordinal);
        BundleImportResult? result = null;
        await HoldAllAsync(
            runners,
            async ct => result = await BundleImporter.ImportFileAsync(
                _store, _identity, TrustedDevices(), request.Path, ImportFolders(byId), _time, progress: null, ct, request.Password).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        var folders = new List<BundleFolderImportResponse>();
        foreach (var folder in result!.Folders)
        {
            // Our index changed (or may have): tell the index senders and log LocalIndexUpdated/FolderSummary, as
            // after any scan or pull.
            byId[folder.Range.Folder].LocalIndexChanged?.Invoke();
            var receiptPath = request.ReceiptPath is null ? null
                : result.Folders.Count == 1 ? request.ReceiptPath : request.ReceiptPath + "." + folder.Range.Folder;
            if (receiptPath is not null)
            {
                await File.WriteAllBytesAsync(receiptPath, folder.SignedReceipt.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            folders.Add(new BundleFolderImportResponse(
                folder.Range.Folder, folder.RecordsApplied, folder.RecordsAlreadyHeld, folder.Pull.Done,
                [.. folder.Pull.Errors.Select(e => new BundleNamedReason(e.Name, e.Reason))],
                folder.Gap is { } gap ? new BundleGapResponse(gap.HeldSequence, gap.BundleFromSequence) : null,
                folder.HeldAfter, folder.BytesFromBundle, receiptPath));
        }

        return new BundleImportResponse(result.Exporter.ToString(), result.Full, DryRun: false, folders, result.NotShared, []);
    }

    public async Task<BundleReceiptResponse> AcceptBundleReceiptAsync(BundleReceiptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireAbsolute(request.Path, nameof(request.Path));
        if (new FileInfo(request.Path).Length > MaxReceiptLength)
        {
            throw new BundleException($"{request.Path} is too large to be a bundle receipt.");
        }

        var bytes = await File.ReadAllBytesAsync(request.Path, cancellationToken).ConfigureAwait(false);
        var accepted = await BundleReceipt.AcceptAsync(_store, bytes, TrustedDevices(), DeviceId, cancellationToken).ConfigureAwait(false);
        var receipt = accepted.Receipt;
        return new BundleReceiptResponse(receipt.Device.ToString(), receipt.Folder, accepted.Stored ? accepted.Acknowledged : receipt.Sequence, receipt.Created)
        {
            Stored = accepted.Stored,
            Ignored = accepted.Ignored,
        };
    }

    /// <summary>Since is left null: the exporter starts after what the target acknowledged by its stored receipts.</summary>
    private static BundleExportOptions ExportOptions(BundleExportRequest request) =>
        new() { Full = request.Full, MaxSize = request.MaxSize, Password = request.Password };

    /// <summary>The dry run: the folders are scanned (local changes show as conflicts), then the importer predicts; nothing is written.</summary>
    private async Task<BundleImportResponse> PreviewBundleAsync(BundleImportRequest request, CancellationToken cancellationToken)
    {
        var runners = await ScanRunningFoldersAsync(cancellationToken).ConfigureAwait(false);
        var byId = runners.ToDictionary(r => r.Folder.Id, StringComparer.Ordinal);
        var preview = await BundleImporter.PreviewFileAsync(
            _store, _identity, TrustedDevices(), request.Path, ImportFolders(byId), request.Password, cancellationToken).ConfigureAwait(false);
        return new BundleImportResponse(
            preview.Exporter.ToString(),
            preview.Full,
            DryRun: true,
            [.. preview.Folders.Select(f => new BundleFolderImportResponse(
                f.Range.Folder, f.RecordsNew, f.RecordsAlreadyHeld, 0, [],
                f.Gap is { } gap ? new BundleGapResponse(gap.HeldSequence, gap.BundleFromSequence) : null,
                f.HeldBefore, 0, null))],
            preview.NotShared,
            [.. preview.Items.Select(i => new BundleChangeItem(i.Folder, i.Name, i.Change.ToString(), i.Type, i.Size))]);
    }

    /// <summary>Scans every running folder (as the runner scans before it pulls) and returns their runners in folder-ID order.</summary>
    private async Task<List<FolderRunner>> ScanRunningFoldersAsync(CancellationToken cancellationToken)
    {
        var runners = Runners.OrderBy(r => r.Folder.Id, StringComparer.Ordinal).ToList();
        foreach (var runner in runners)
        {
            await runner.ScanAsync(null, cancellationToken).ConfigureAwait(false);
        }

        return runners;
    }

    /// <summary>How the importer reaches our running folders: their file system, puller settings, ignores and index senders.</summary>
    private static Func<string, BundleImportFolder?> ImportFolders(Dictionary<string, FolderRunner> byId) =>
        id => byId.TryGetValue(id, out var r)
            ? new BundleImportFolder(new BasicFileSystem(r.Folder.Path), PullOptions.FromFolder(r.Folder), r.Ignores, r.LocalIndexChanged)
            : null;

    /// <summary>Devices whose bundles and receipts we accept: the configured ones (not us).</summary>
    private HashSet<DeviceId> TrustedDevices() =>
        [.. Configuration.Devices.Select(d => d.DeviceId).Where(d => d != DeviceId)];

    private FolderRunner RequireRunner(string? folder)
    {
        if (string.IsNullOrEmpty(folder) || Configuration.Folders.All(f => f.Id != folder))
        {
            throw new KeyNotFoundException($"No folder '{folder}' is configured.");
        }

        return GetRunner(folder) ?? throw new ArgumentException($"Folder '{folder}' is paused.", nameof(folder));
    }

    private static void RequireAbsolute(string? path, string name)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"{name} must be an absolute path: '{path}'", name);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> while every runner of <paramref name="runners"/> is held (each waits in its
    /// loop between scans and pulls); the runners are taken in a fixed order, one inside the other.
    /// </summary>
    private static Task HoldAllAsync(IReadOnlyList<FolderRunner> runners, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        async Task Innermost(CancellationToken runnerToken)
        {
            // Stops when the caller gives up or a runner stops.
            using var both = CancellationTokenSource.CreateLinkedTokenSource(runnerToken, cancellationToken);
            await action(both.Token).ConfigureAwait(false);
        }

        Task Hold(int index, CancellationToken runnerToken) =>
            index == runners.Count ? Innermost(runnerToken) : runners[index].RunExclusiveAsync(inner => Hold(index + 1, inner), cancellationToken);

        return Hold(0, CancellationToken.None);
    }
}
