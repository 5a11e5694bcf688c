using Microsoft.Extensions.Logging;
using Syncthing.Engine.Bundles;
using Syncthing.Engine.Common;
using Syncthing.Engine.Config;
using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Scanner;

namespace Syncthing.Daemon;

internal sealed record BundleExportSettings(string Home, string Folder, string Device, string Out, bool Full, long? MaxSize)
{
    /// <summary>Where the running node's REST API listens, when serve was given another address than config.xml's.</summary>
    public string? GuiAddress { get; init; }

    /// <summary>The running node's API key, when serve was given another than config.xml's.</summary>
    public string? ApiKey { get; init; }
}

internal sealed record BundleImportSettings(string Home, string In, string? ReceiptOut)
{
    /// <inheritdoc cref="BundleExportSettings.GuiAddress"/>
    public string? GuiAddress { get; init; }

    /// <inheritdoc cref="BundleExportSettings.ApiKey"/>
    public string? ApiKey { get; init; }
}

/// <summary>
/// <c>syncthingd bundle export|import</c>. On a stopped node's home: the folder is scanned first (so the index is
/// current and local changes become conflicts, never losses), then the engine's exporter or importer runs. When the
/// home's node is running (<see cref="RunningHome"/>), the same work goes through its REST API (/rest/bundle/*)
/// instead, so the index is never opened by two processes.
/// </summary>
internal static partial class BundleCommand
{
    public static async Task<int> ExportAsync(BundleExportSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            if (await RunningHome.FindAsync(settings.Home, settings.GuiAddress, settings.ApiKey, cancellationToken).ConfigureAwait(false) is { } running)
            {
                using (running.Http)
                {
                    return await ExportThroughRestAsync(running.Client, settings, output, logger, cancellationToken).ConfigureAwait(false);
                }
            }

            using var homeLock = LockStoppedHome(settings.Home);

            using var identity = DeviceIdentity.Load(settings.Home);
            var configuration = await ConfigXml.LoadAsync(NodeHome.ConfigPath(settings.Home), cancellationToken).ConfigureAwait(false);
            var folder = configuration.Folders.FirstOrDefault(f => f.Id == settings.Folder)
                ?? throw new ArgumentException($"no folder '{settings.Folder}' in {NodeHome.ConfigPath(settings.Home)}");
            var target = DeviceId.Parse(settings.Device);
            using var store = new SqliteIndexStore(NodeHome.IndexPath(settings.Home));
            var fs = new BasicFileSystem(folder.Path);
            await ScanAsync(folder, fs, store, identity.Id, cancellationToken).ConfigureAwait(false);
            var result = await BundleExporter.ExportToFileAsync(
                store, fs, identity, folder.Id, target,
                new BundleExportOptions { Full = settings.Full, MaxSize = settings.MaxSize },
                settings.Out, TimeProvider.System, progress: null, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"exported {result.Records} records and {result.Blocks} blocks ({result.Bytes} bytes) to {string.Join(", ", result.Paths)}").ConfigureAwait(false);
            foreach (var skipped in result.Skipped)
            {
                logger.LogWarning("Skipped {Name}: {Reason}", skipped.Name, skipped.Reason);
            }

            return 0;
        }
        catch (Exception e) when (e is SyncthingException or IOException or ArgumentException or FormatException or UnauthorizedAccessException or InvalidOperationException or Engine.Api.Client.SyncApiException or HttpRequestException)
        {
            logger.LogError("bundle export failed: {Error}", e.Message);
            return 1;
        }
    }

    public static async Task<int> ImportAsync(BundleImportSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            if (await RunningHome.FindAsync(settings.Home, settings.GuiAddress, settings.ApiKey, cancellationToken).ConfigureAwait(false) is { } running)
            {
                using (running.Http)
                {
                    return await ImportThroughRestAsync(running.Client, settings, output, logger, cancellationToken).ConfigureAwait(false);
                }
            }

            using var homeLock = LockStoppedHome(settings.Home);

            using var identity = DeviceIdentity.Load(settings.Home);
            var configuration = await ConfigXml.LoadAsync(NodeHome.ConfigPath(settings.Home), cancellationToken).ConfigureAwait(false);
            var trusted = configuration.Devices.Select(d => d.DeviceId).Where(d => d != identity.Id).ToHashSet();
            using var store = new SqliteIndexStore(NodeHome.IndexPath(settings.Home));
            foreach (var folder in configuration.Folders.Where(f => !f.Paused))
            {
                await ScanAsync(folder, new BasicFileSystem(folder.Path), store, identity.Id, cancellationToken).ConfigureAwait(false);
            }

            var result = await BundleImporter.ImportFileAsync(
                store, identity, trusted, settings.In,
                id => configuration.Folders.FirstOrDefault(f => f.Id == id && !f.Paused) is { } f
                    ? new BundleImportFolder(new BasicFileSystem(f.Path), PullOptions.FromFolder(f))
                    : null,
                TimeProvider.System, progress: null, cancellationToken).ConfigureAwait(false);
            var failed = 0;
            foreach (var folder in result.Folders)
            {
                await output.WriteLineAsync($"{folder.Range.Folder}: applied {folder.RecordsApplied} records ({folder.RecordsAlreadyHeld} already held), pulled {folder.Pull.Done} items, now holding sequence {folder.HeldAfter} of {result.Exporter.Short}").ConfigureAwait(false);
                if (folder.Gap is { } gap)
                {
                    await output.WriteLineAsync($"{folder.Range.Folder}: GAP: we held sequence {gap.HeldSequence}, the bundle starts after {gap.BundleFromSequence}; an earlier bundle is missing (ask for a --full export)").ConfigureAwait(false);
                }

                foreach (var error in folder.Pull.Errors)
                {
                    failed++;
                    logger.LogWarning("{Folder}: {Name}: {Reason}", folder.Range.Folder, error.Name, error.Reason);
                }

                if (settings.ReceiptOut is not null)
                {
                    await File.WriteAllBytesAsync(settings.ReceiptOut, folder.SignedReceipt.ToArray(), cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var notShared in result.NotShared)
            {
                logger.LogWarning("Folder {Folder} in the bundle is not shared here; left alone", notShared);
            }

            return failed == 0 ? 0 : 2;
        }
        catch (Exception e) when (e is SyncthingException or IOException or ArgumentException or FormatException or UnauthorizedAccessException or InvalidOperationException or Engine.Api.Client.SyncApiException or HttpRequestException)
        {
            logger.LogError("bundle import failed (nothing was changed if the bundle was refused): {Error}", e.Message);
            return 1;
        }
    }

    /// <summary>The home's lock for the offline path; a node that holds it but did not answer over REST is not raced.</summary>
    private static HomeLock LockStoppedHome(string home) =>
        HomeLock.TryAcquire(home) ?? throw new InvalidOperationException(
            $"The node of {home} is running (it holds {HomeLock.FileName}) but its REST API does not answer at config.xml's GUI address " +
            "with config.xml's API key; pass --gui-address/--gui-apikey as given to serve, or stop it.");

    private static Task<ScanResult> ScanAsync(FolderConfiguration folder, BasicFileSystem fs, SqliteIndexStore store, DeviceId us, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder.Path);
        var scanner = new FolderScanner(
            folder.Id, fs, us.Short, store, null,
            new FolderScanOptions { IgnorePerms = folder.IgnorePerms, ReceiveOnly = folder.Type == FolderType.ReceiveOnly },
            TimeProvider.System);
        return scanner.ScanAsync(null, progress: null, cancellationToken);
    }
}
