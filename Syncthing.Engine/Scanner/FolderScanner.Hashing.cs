using System.Threading.Channels;
using Syncthing.Engine.Fs;

namespace Syncthing.Engine.Scanner;

internal sealed partial class FolderScanner
{
    /// <summary>
    /// One hasher: takes files from the walker until the queue completes. Per-file I/O problems are reported and
    /// skipped; anything else stops the whole scan (through <paramref name="stop"/>) and is rethrown by ScanAsync.
    /// </summary>
    private async Task HashWorkerAsync(ScanRun run, ChannelReader<HashJob> queue, CancellationTokenSource stop)
    {
        try
        {
            while (await queue.WaitToReadAsync(run.Token).ConfigureAwait(false))
            {
                while (queue.TryRead(out var job))
                {
                    await HashFileAsync(run, job).ConfigureAwait(false);
                    run.Report();
                }
            }
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not ChannelClosedException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Hashes a file under BlockHasher's contract: the stat from before (the walker's, then the last re-stat) must
    /// equal the stat after, and the hasher must not have seen the size change. Otherwise the result is thrown away
    /// and the file is tried again, at most <see cref="FolderScanOptions.MaxHashAttempts"/> times in this scan.
    /// </summary>
    private async Task HashFileAsync(ScanRun run, HashJob job)
    {
        var (before, existing) = job;
        var name = before.Name;
        for (var attempt = 1; attempt <= _options.MaxHashAttempts; attempt++)
        {
            run.Token.ThrowIfCancellationRequested();
            var blockSize = ChooseBlockSize(before.Size, existing);
            BlockHashResult result;
            FileEntry after;
            try
            {
                using var stream = _fs.OpenRead(name);
                var source = BlockSourceFor(stream);
                result = await _hasher.HashAsync(source, before.Size, blockSize, run.Counters.AddBytesHashed, run.Token)
                    .ConfigureAwait(false);

                // The stat after, of the file that was read (fstat, no path walk). Were the name replaced meanwhile,
                // the record still describes what was hashed, and the next scan sees the name's new inode.
                after = _fs.StatOpenFile(stream, name);
            }
            catch (Exception ex) when (ex is FsException or IOException or UnauthorizedAccessException)
            {
                run.Counters.Skip(name, "reading failed: " + ex.Message);
                return;
            }

            if (!result.SizeChanged && SameStat(before, after))
            {
                run.Counters.AddHashed();
                Write(run, ScanRecords.File(before, blockSize, result.Blocks, existing, _us, Now(), _options.IgnorePerms), existing);
                return;
            }

            before = after;
            if (existing is not null &&
                ScanRecords.IsUnchanged(existing, after, null, _options.IgnorePerms, _options.DetectInodeChanges))
            {
                run.Counters.AddUnchanged();
                return;
            }
        }

        run.Counters.Skip(name, $"changed while being hashed ({_options.MaxHashAttempts} attempts); left for the next scan");
    }

    private int ChooseBlockSize(long size, Protocol.FileRecord? existing)
    {
        var previous = existing is { IsFile: true, Deleted: false } ? existing.BlockSize : 0;
        if (_options.BlockSizeOverride is { } rule)
        {
            return rule(size, previous);
        }

        return previous > 0 ? BlockSizeRule.ForRescan(size, previous) : BlockSizeRule.ForFileSize(size);
    }

    private static bool SameStat(FileEntry a, FileEntry b) =>
        a.Size == b.Size && a.Modified == b.Modified && a.Inode == b.Inode && a.Permissions == b.Permissions;

    /// <summary>
    /// Positional reads on the OS handle when the file system gave us a real file (so one large file can be hashed
    /// by several workers); a serialized seek-and-read source otherwise.
    /// </summary>
    private static IBlockSource BlockSourceFor(Stream stream) =>
        stream is FileStream file ? new FileHandleBlockSource(file.SafeFileHandle) : new StreamBlockSource(stream);
}
