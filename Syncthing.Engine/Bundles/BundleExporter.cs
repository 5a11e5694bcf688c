using System.Buffers;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// Exports one folder's changes for one target device as a signed bundle: our records after the sequence the target
/// is known to hold (all of them when full), and the blocks of those records that the bundle does not yet carry
/// and the target is not known to have, read from the folder and checked against the index while reading. Streams:
/// one record page and one block at a time.
/// </summary>
internal static class BundleExporter
{
    private const int PageSize = 500;

    /// <summary>Writes the bundle to <paramref name="output"/> (which stays open).</summary>
    public static async Task<BundleExportResult> ExportAsync(
        IIndexStore store,
        IFileSystem fs,
        DeviceIdentity identity,
        string folder,
        DeviceId target,
        BundleExportOptions options,
        Stream output,
        TimeProvider time,
        IProgress<BundleProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        if (options.Password is { Length: 0 })
        {
            throw new ArgumentException("An empty password does not protect anything.", nameof(options));
        }

        if (options.Password is null)
        {
            return await WriteAsync(store, fs, identity, folder, target, options, output, time, progress, cancellationToken).ConfigureAwait(false);
        }

        var encrypting = new BundleEncryptingStream(output, options.Password, options.PasswordIterations);
        await using (encrypting.ConfigureAwait(false))
        {
            var result = await WriteAsync(store, fs, identity, folder, target, options, encrypting, time, progress, cancellationToken).ConfigureAwait(false);
            await encrypting.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return result with { Bytes = encrypting.BytesWritten };
        }
    }

    /// <summary>
    /// Writes the bundle to <paramref name="path"/>, or with <see cref="BundleExportOptions.MaxSize"/> to numbered
    /// parts <c>path.001</c>, <c>path.002</c>, … A failed export deletes what it wrote.
    /// </summary>
    public static async Task<BundleExportResult> ExportToFileAsync(
        IIndexStore store,
        IFileSystem fs,
        DeviceIdentity identity,
        string folder,
        DeviceId target,
        BundleExportOptions options,
        string path,
        TimeProvider time,
        IProgress<BundleProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        var output = new BundlePartWriter(path, options.MaxSize);
        try
        {
            BundleExportResult result;
            await using (output.ConfigureAwait(false))
            {
                result = await ExportAsync(store, fs, identity, folder, target, options, output, time, progress, cancellationToken).ConfigureAwait(false);
            }

            return result with { Paths = output.Paths };
        }
        catch
        {
            output.DeleteParts();
            throw;
        }
    }

    private static async Task<BundleExportResult> WriteAsync(
        IIndexStore store,
        IFileSystem fs,
        DeviceIdentity identity,
        string folder,
        DeviceId target,
        BundleExportOptions options,
        Stream output,
        TimeProvider time,
        IProgress<BundleProgress>? progress,
        CancellationToken cancellationToken)
    {
        var to = store.GetLocalMaxSequence(folder);
        var indexId = store.GetLocalIndexId(folder);
        var since = options.Full ? 0 : options.Since ?? Acknowledged(store, folder, target, indexId);
        since = since < 0 || since > to ? 0 : since;
        var range = new BundleFolderRange(folder, indexId, since, to);
        var header = new BundleHeader
        {
            Exporter = identity.Id,
            Certificate = identity.Certificate.RawData,
            Targets = [target],
            Created = time.GetUtcNow(),
            Full = options.Full,
            Folders = [range],
        };
        var writer = await BundleWriter.StartAsync(output, identity, header, cancellationToken).ConfigureAwait(false);
        var state = new ExportState(store, fs, folder, target, options, writer);
        var cursor = since;
        var done = false;
        while (!done)
        {
            var page = store.LocalChangesSince(folder, cursor, PageSize).ToList();
            if (page.Count == 0)
            {
                break;
            }

            foreach (var record in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (record.Sequence > to)
                {
                    done = true;
                    break;
                }

                cursor = record.Sequence;
                if (await state.WriteBlocksAsync(record, cancellationToken).ConfigureAwait(false))
                {
                    await writer.WriteRecordAsync(0, record, cancellationToken).ConfigureAwait(false);
                }

                progress?.Report(new BundleProgress(writer.Records, state.BlockBytes));
            }
        }

        await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        return new BundleExportResult
        {
            Range = range,
            Records = writer.Records,
            Blocks = writer.Blocks,
            Bytes = writer.BytesWritten,
            BlocksSkipped = state.BlocksSkipped,
            Skipped = state.Skipped,
        };
    }

    /// <summary>The sequence the target acknowledged by receipt, if it was about our current index; else 0.</summary>
    private static long Acknowledged(IIndexStore store, string folder, DeviceId target, ulong indexId)
    {
        var acknowledged = store.GetBundleAcknowledgement(folder, target);
        return acknowledged.IndexId == indexId ? acknowledged.MaxSequence : 0;
    }

    private sealed class ExportState(IIndexStore store, IFileSystem fs, string folder, DeviceId target, BundleExportOptions options, BundleWriter writer)
    {
        private readonly HashSet<string> _written = new(StringComparer.Ordinal);

        public List<BundleSkippedFile> Skipped { get; } = [];

        public long BlocksSkipped { get; private set; }

        public long BlockBytes { get; private set; }

        /// <summary>Writes the record's missing blocks; false when the file no longer matches the record (skip it).</summary>
        public async Task<bool> WriteBlocksAsync(FileRecord record, CancellationToken cancellationToken)
        {
            if (!record.IsFile || record.Deleted || record.IsInvalid || record.Blocks.IsEmpty)
            {
                return true;
            }

            var known = TargetHashes(record);
            Stream? file = null;
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(record.BlockSize, 1));
            try
            {
                foreach (var block in record.Blocks)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var key = Convert.ToHexString(block.Hash.Span);
                    if (known.Contains(key) || _written.Contains(key))
                    {
                        BlocksSkipped++;
                        continue;
                    }

                    if (block.Size > buffer.Length)
                    {
                        return Skip(record, "a block is larger than the file's block size");
                    }

                    file ??= fs.OpenRead(record.Name);
                    if (block.Offset + block.Size > file.Length)
                    {
                        return Skip(record, "the file is shorter than indexed (changed since the last scan)");
                    }

                    file.Position = block.Offset;
                    await file.ReadExactlyAsync(buffer.AsMemory(0, block.Size), cancellationToken).ConfigureAwait(false);
                    if (!BlockVerifier.VerifyBlock(buffer.AsSpan(0, block.Size), block))
                    {
                        return Skip(record, "the file's content does not match the index (changed since the last scan)");
                    }

                    await writer.WriteBlockAsync(block.Hash, buffer.AsMemory(0, block.Size), cancellationToken).ConfigureAwait(false);
                    BlockBytes += block.Size;
                    if (_written.Count < options.MaxDedupHashes)
                    {
                        _written.Add(key);
                    }
                }

                return true;
            }
            catch (Exception e) when (e is FsException or IOException or UnauthorizedAccessException)
            {
                return Skip(record, "cannot be read: " + e.Message);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                if (file is not null)
                {
                    await file.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        private bool Skip(FileRecord record, string reason)
        {
            Skipped.Add(new BundleSkippedFile(record.Name, reason));
            return false;
        }

        /// <summary>Blocks of the target's announced version of the same name: it can copy them locally.</summary>
        private HashSet<string> TargetHashes(FileRecord record)
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            if (options.SkipBlocksTargetHas &&
                store.GetRemote(folder, target, record.Name) is { IsFile: true, Deleted: false, IsInvalid: false } theirs)
            {
                foreach (var block in theirs.Blocks)
                {
                    known.Add(Convert.ToHexString(block.Hash.Span));
                }
            }

            return known;
        }
    }
}
