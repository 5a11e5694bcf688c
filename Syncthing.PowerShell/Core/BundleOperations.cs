using System.Security;
using Syncthing.Engine.Api.Client;

namespace Syncthing.PowerShell.Core;

/// <summary>
/// Offline bundles through a node's REST API (Export-SyncBundle, Import-SyncBundle): paths are on the node's file
/// system and must be absolute; passwords stay SecureStrings until the request is built.
/// </summary>
internal sealed class BundleOperations(NodeRegistry registry)
{
    /// <summary>Exports <paramref name="folderId"/> for <paramref name="deviceId"/> to <paramref name="path"/> (numbered parts with a max size).</summary>
    public async Task<SyncBundleExportResult> ExportAsync(
        string? node, string folderId, string deviceId, string path, bool full, long? maxSize, SecureString? password, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var device = Operations.ParseDevice(deviceId).ToString();
        RequireAbsolute(path);
        var request = new BundleExportRequest(folderId, device, path) { Full = full, MaxSize = maxSize, Password = SecureText.Reveal(password) };
        var answer = await CallAsync(handle, path, () => handle.Client.ExportBundleAsync(request, cancellationToken)).ConfigureAwait(false);
        return new SyncBundleExportResult(
            handle.Name, folderId, device, answer.Paths, answer.Records, answer.Blocks, answer.Bytes,
            [.. answer.Skipped.Select(s => new SyncBundleSkippedFile(s.Name, s.Reason))]);
    }

    /// <summary>Imports the bundle at <paramref name="path"/>: one result per folder of the bundle shared on the node.</summary>
    public async Task<IReadOnlyList<SyncBundleImportResult>> ImportAsync(
        string? node, string path, SecureString? password, string? receiptPath, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        RequireAbsolute(path);
        if (receiptPath is not null)
        {
            RequireAbsolute(receiptPath);
        }

        var request = new BundleImportRequest(path) { Password = SecureText.Reveal(password), ReceiptPath = receiptPath };
        var answer = await CallAsync(handle, path, () => handle.Client.ImportBundleAsync(request, cancellationToken)).ConfigureAwait(false);
        return [.. answer.Folders.Select(f => new SyncBundleImportResult(
            handle.Name, f.Folder, answer.Exporter, path, f.Applied, f.AlreadyHeld, f.Pulled,
            [.. f.Errors.Select(e => new SyncBundleSkippedFile(e.Name, e.Reason))], f.Gap is not null, f.HeldSequence, f.ReceiptPath))];
    }

    /// <summary>What importing the bundle at <paramref name="path"/> would change (the node's dry run); nothing changes.</summary>
    public async Task<IReadOnlyList<SyncBundleChange>> PreviewAsync(string? node, string path, SecureString? password, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        RequireAbsolute(path);
        var request = new BundleImportRequest(path) { Password = SecureText.Reveal(password), DryRun = true };
        var answer = await CallAsync(handle, path, () => handle.Client.ImportBundleAsync(request, cancellationToken)).ConfigureAwait(false);
        return [.. answer.Changes.Select(c => new SyncBundleChange(handle.Name, c.Folder, c.Name, c.Change, c.Type, c.Size))];
    }

    private static void RequireAbsolute(string path)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path))
        {
            throw new SyncOperationException(SyncErrorIds.BundlePathInvalid, SyncErrorKind.InvalidArgument, $"'{path}' is not an absolute path.", path);
        }
    }

    /// <summary>The node's refusals as the bundle ErrorIds: unknown folder or device, missing file, refused bundle.</summary>
    private static async Task<T> CallAsync<T>(SyncNodeHandle handle, string path, Func<Task<T>> call)
    {
        try
        {
            return await Operations.CallAsync(handle, call).ConfigureAwait(false);
        }
        catch (SyncOperationException e) when (e.InnerException is SyncApiException api && api.Status is 400 or 404)
        {
            var body = api.Body.Trim();
            var (id, kind) = api.Status == 404
                ? body.StartsWith("no such folder", StringComparison.Ordinal) || body.StartsWith("No folder", StringComparison.Ordinal) ? (SyncErrorIds.FolderNotFound, SyncErrorKind.ObjectNotFound)
                : body.StartsWith("no such device", StringComparison.Ordinal) || body.StartsWith("No device", StringComparison.Ordinal) ? (SyncErrorIds.DeviceNotFound, SyncErrorKind.ObjectNotFound)
                : (SyncErrorIds.BundleNotFound, SyncErrorKind.ObjectNotFound)
                : (SyncErrorIds.BundleRefused, SyncErrorKind.InvalidArgument);
            throw new SyncOperationException(id, kind, $"Node '{handle.Name}': {body}", path, api);
        }
    }
}
