using Microsoft.Extensions.Logging;
using Syncthing.Engine.Api.Client;
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

internal sealed record BundleExportSettings(string Home, string Folder, string Device, string Out, bool Full, long? MaxSize, string? PasswordFile = null)
{
    /// <summary>Where the running node's REST API listens, when serve was given another address than config.xml's.</summary>
    public string? GuiAddress { get; init; }

    /// <summary>The running node's API key, when serve was given another than config.xml's.</summary>
    public string? ApiKey { get; init; }
}

internal sealed record BundleImportSettings(string Home, string In, string? ReceiptOut, string? PasswordFile = null)
{
    /// <inheritdoc cref="BundleExportSettings.GuiAddress"/>
    public string? GuiAddress { get; init; }

    /// <inheritdoc cref="BundleExportSettings.ApiKey"/>
    public string? ApiKey { get; init; }
}

internal sealed record BundleReceiptSettings(string Home, string In)
{
    /// <inheritdoc cref="BundleExportSettings.GuiAddress"/>
    public string? GuiAddress { get; init; }

    /// <inheritdoc cref="BundleExportSettings.ApiKey"/>
    public string? ApiKey { get; init; }
}

/// <summary>
/// <c>syncthingd bundle export|import|receipt</c>. On a stopped node's home: the folder is scanned first (so the
/// index is current and local changes become conflicts, never losses), then the engine's exporter or importer
/// runs; <c>receipt</c> stores a target's receipt so the next export starts where it left off. A password comes
/// from the first line of a file (<c>--password-file</c>), never from the command line. When the home's node is
/// running (<see cref="RunningHome"/>), the same work goes through its REST API (/rest/bundle/*) instead, so the
/// index is never opened by two processes; the offline path holds the home's <see cref="HomeLock"/>.
/// </summary>
internal static partial class BundleCommand
{
    private const long MaxPasswordFileLength = 64 * 1024;
    private const long MaxReceiptLength = 256 * 1024;

    public static Task<int> ExportAsync(BundleExportSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken) =>
        RunAsync(
            settings.Home, settings.GuiAddress, settings.ApiKey,
            client => ExportThroughRestAsync(client, settings, output, logger, cancellationToken),
            () => ExportOfflineAsync(settings, output, logger, cancellationToken),
            logger, "bundle export failed", cancellationToken);

    private static async Task<int> ExportOfflineAsync(BundleExportSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken)
    {
        using var home = await StoppedHome.OpenAsync(settings.Home, cancellationToken).ConfigureAwait(false);
        var (identity, configuration) = (home.Identity, home.Configuration);
        var folder = configuration.Folders.FirstOrDefault(f => f.Id == settings.Folder)
            ?? throw new ArgumentException($"no folder '{settings.Folder}' in {NodeHome.ConfigPath(settings.Home)}");
        var target = DeviceId.Parse(settings.Device);
        using var store = new SqliteIndexStore(NodeHome.IndexPath(settings.Home));
        var fs = new BasicFileSystem(folder.Path);
        await ScanAsync(folder, fs, store, identity.Id, cancellationToken).ConfigureAwait(false);
        var result = await BundleExporter.ExportToFileAsync(
            store, fs, identity, folder.Id, target,
            new BundleExportOptions { Full = settings.Full, MaxSize = settings.MaxSize, Password = await ReadPasswordAsync(settings.PasswordFile, cancellationToken).ConfigureAwait(false) },
            settings.Out, TimeProvider.System, progress: null, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"exported {result.Records} records and {result.Blocks} blocks ({result.Bytes} bytes) to {string.Join(", ", result.Paths)}").ConfigureAwait(false);
        foreach (var skipped in result.Skipped)
        {
            logger.LogWarning("Skipped {Name}: {Reason}", skipped.Name, skipped.Reason);
        }

        return 0;
    }

    public static Task<int> ImportAsync(BundleImportSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken) =>
        RunAsync(
            settings.Home, settings.GuiAddress, settings.ApiKey,
            client => ImportThroughRestAsync(client, settings, output, logger, cancellationToken),
            () => ImportOfflineAsync(settings, output, logger, cancellationToken),
            logger, "bundle import failed (nothing was changed if the bundle was refused)", cancellationToken);

    private static async Task<int> ImportOfflineAsync(BundleImportSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken)
    {
        using var home = await StoppedHome.OpenAsync(settings.Home, cancellationToken).ConfigureAwait(false);
        var (identity, configuration) = (home.Identity, home.Configuration);
        var trusted = home.Trusted;
        var password = await ReadPasswordAsync(settings.PasswordFile, cancellationToken).ConfigureAwait(false);
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
            TimeProvider.System, progress: null, cancellationToken, password).ConfigureAwait(false);
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

    public static Task<int> ReceiptAsync(BundleReceiptSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken) =>
        RunAsync(
            settings.Home, settings.GuiAddress, settings.ApiKey,
            client => ReceiptThroughRestAsync(client, settings, output, logger, cancellationToken),
            () => ReceiptOfflineAsync(settings, output, logger, cancellationToken),
            logger, "bundle receipt refused", cancellationToken);

    private static async Task<int> ReceiptOfflineAsync(BundleReceiptSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken)
    {
        using var home = await StoppedHome.OpenAsync(settings.Home, cancellationToken).ConfigureAwait(false);
        var (identity, configuration) = (home.Identity, home.Configuration);
        var trusted = home.Trusted;
        if (new FileInfo(settings.In).Length > MaxReceiptLength)
        {
            throw new ArgumentException($"{settings.In} is too large to be a bundle receipt");
        }

        var bytes = await File.ReadAllBytesAsync(settings.In, cancellationToken).ConfigureAwait(false);
        using var store = new SqliteIndexStore(NodeHome.IndexPath(settings.Home));
        var accepted = await BundleReceipt.AcceptAsync(store, bytes, trusted, identity.Id, cancellationToken).ConfigureAwait(false);
        var receipt = accepted.Receipt;
        await output.WriteLineAsync(accepted.Stored
            ? $"{receipt.Folder}: {receipt.Device.Short} holds sequence {accepted.Acknowledged}; the next export to it starts there"
            : $"{receipt.Folder}: receipt of {receipt.Device.Short} ignored: {accepted.Ignored}").ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Runs a bundle command through the home's running node (its REST API) when it is up, otherwise offline on the
    /// stopped home; an expected failure (refused bundle, bad input, I/O, the node's API) is logged after
    /// <paramref name="failure"/> and gives exit code 1.
    /// </summary>
    private static async Task<int> RunAsync(
        string home, string? guiAddress, string? apiKey, Func<SyncClient, Task<int>> throughRest, Func<Task<int>> offline, ILogger logger, string failure, CancellationToken cancellationToken)
    {
        try
        {
            if (await RunningHome.FindAsync(home, guiAddress, apiKey, cancellationToken).ConfigureAwait(false) is { } running)
            {
                using (running.Http)
                {
                    return await throughRest(running.Client).ConfigureAwait(false);
                }
            }

            return await offline().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SyncthingException or IOException or ArgumentException or FormatException or UnauthorizedAccessException or InvalidOperationException or SyncApiException or HttpRequestException)
        {
            logger.LogError("{Failure}: {Error}", failure, e.Message);
            return 1;
        }
    }

    /// <summary>The first line of the password file (null without one); an empty password is refused.</summary>
    private static async Task<string?> ReadPasswordAsync(string? path, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return null;
        }

        if (new FileInfo(path).Length > MaxPasswordFileLength)
        {
            throw new ArgumentException($"the password file {path} is larger than {MaxPasswordFileLength} bytes");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var end = text.IndexOfAny(['\r', '\n']);
        var password = end < 0 ? text : text[..end];
        return password.Length > 0 ? password : throw new ArgumentException($"the first line of {path} is empty; it must hold the password");
    }

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
