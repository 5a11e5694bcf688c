using Microsoft.Extensions.Logging;
using Syncthing.Engine.Api.Client;

namespace Syncthing.Daemon;

/// <summary><c>bundle export|import</c> through a running node's REST API; the same output and exit codes as offline.</summary>
internal static partial class BundleCommand
{
    private static async Task<int> ExportThroughRestAsync(SyncClient client, BundleExportSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken)
    {
        logger.LogInformation("The node of {Home} is running: exporting through its REST API", settings.Home);
        var result = await client.ExportBundleAsync(
            new BundleExportRequest(settings.Folder, settings.Device, Path.GetFullPath(settings.Out))
            {
                Full = settings.Full,
                MaxSize = settings.MaxSize,
                Password = await ReadPasswordAsync(settings.PasswordFile, cancellationToken).ConfigureAwait(false),
            },
            cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"exported {result.Records} records and {result.Blocks} blocks ({result.Bytes} bytes) to {string.Join(", ", result.Paths)}").ConfigureAwait(false);
        foreach (var skipped in result.Skipped)
        {
            logger.LogWarning("Skipped {Name}: {Reason}", skipped.Name, skipped.Reason);
        }

        return 0;
    }

    private static async Task<int> ImportThroughRestAsync(SyncClient client, BundleImportSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken)
    {
        logger.LogInformation("The node of {Home} is running: importing through its REST API", settings.Home);
        var result = await client.ImportBundleAsync(
            new BundleImportRequest(Path.GetFullPath(settings.In))
            {
                ReceiptPath = settings.ReceiptOut is null ? null : Path.GetFullPath(settings.ReceiptOut),
                Password = await ReadPasswordAsync(settings.PasswordFile, cancellationToken).ConfigureAwait(false),
            },
            cancellationToken).ConfigureAwait(false);
        var failed = 0;
        foreach (var folder in result.Folders)
        {
            await output.WriteLineAsync($"{folder.Folder}: applied {folder.Applied} records ({folder.AlreadyHeld} already held), pulled {folder.Pulled} items, now holding sequence {folder.HeldSequence} of {result.Exporter}").ConfigureAwait(false);
            if (folder.Gap is { } gap)
            {
                await output.WriteLineAsync($"{folder.Folder}: GAP: we held sequence {gap.HeldSequence}, the bundle starts after {gap.BundleFromSequence}; an earlier bundle is missing (ask for a --full export)").ConfigureAwait(false);
            }

            foreach (var error in folder.Errors)
            {
                failed++;
                logger.LogWarning("{Folder}: {Name}: {Reason}", folder.Folder, error.Name, error.Reason);
            }
        }

        foreach (var notShared in result.NotShared)
        {
            logger.LogWarning("Folder {Folder} in the bundle is not shared here; left alone", notShared);
        }

        return failed == 0 ? 0 : 2;
    }

    private static async Task<int> ReceiptThroughRestAsync(SyncClient client, BundleReceiptSettings settings, TextWriter output, ILogger logger, CancellationToken cancellationToken)
    {
        logger.LogInformation("The node of {Home} is running: storing the receipt through its REST API", settings.Home);
        var accepted = await client.AcceptBundleReceiptAsync(new BundleReceiptRequest(Path.GetFullPath(settings.In)), cancellationToken).ConfigureAwait(false);
        var device = Engine.Identity.DeviceId.Parse(accepted.Device).Short;
        await output.WriteLineAsync(accepted.Stored
            ? $"{accepted.Folder}: {device} holds sequence {accepted.Sequence}; the next export to it starts there"
            : $"{accepted.Folder}: receipt of {device} ignored: {accepted.Ignored}").ConfigureAwait(false);
        return 0;
    }
}
