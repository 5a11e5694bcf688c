using System.Buffers;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Puller;

/// <summary>
/// Fills the temporary file of one needed file version (1.19's copier and puller stages): blocks already in a
/// temporary file from an earlier attempt are kept, blocks found in our own files (the old version, any file of the
/// folder with the same hash) are copied, the rest is requested from devices that have this version, spread across
/// them, with outstanding bytes bounded by the folder's <see cref="ByteBudget"/>. Every block's SHA-256 is verified
/// before it is written. The temp file's data is written out of our buffers; making it durable (see
/// <see cref="DurabilityGroup"/>) and renaming it are the finisher's job.
/// </summary>
internal sealed class FileFetcher(
    string folder,
    IFileSystem fs,
    IIndexStore store,
    IBlockFetcher fetcher,
    ByteBudget budget,
    PullOptions options)
{
    public const string NoDeviceReason = "no connected device has the required version of this file";
    public const string PeersGoneReason = "peers who had this file went away, or the file has changed while syncing. will retry later";

    private long _downloaded;
    private long _copied;

    public long BytesDownloaded => Interlocked.Read(ref _downloaded);

    public long BytesCopied => Interlocked.Read(ref _copied);

    /// <summary>
    /// Writes <paramref name="global"/>'s content into its temp file, gives it the version's permissions (unless
    /// ignored) and modification time, and returns the temp name and the temp file's inode (read from the open file:
    /// the rename keeps it, so it is the pulled file's inode for the index).
    /// </summary>
    public async Task<(string Temp, ulong? Inode)> FetchAsync(FileRecord global, FileRecord? local, CancellationToken cancellationToken)
    {
        var temp = TempNames.TempName(global.Name);
        var blocks = global.Blocks;
        var have = new bool[blocks.Length];
        var stream = OpenTemp(temp, global, have, out var fresh);
        try
        {
            var writeGate = new object();
            var wanted = new List<int>();
            for (var i = 0; i < blocks.Length; i++)
            {
                if (have[i])
                {
                    continue;
                }

                if (fresh && !options.DisableSparseFiles && ZeroBlocks.IsZeroBlock(blocks[i]))
                {
                    continue; // The pre-sized temp file already reads as zeros there.
                }

                wanted.Add(i);
            }

            var missing = CopyLocally(global, local, wanted, stream, writeGate, cancellationToken);

            if (missing.Count > 0)
            {
                await DownloadAsync(global, missing, stream, writeGate, cancellationToken).ConfigureAwait(false);
            }

            stream.Flush();

            // Permissions and mtime on the open file, after its last write (no path walks; the finisher makes them
            // durable with the data before the rename).
            uint? permissions = options.IgnorePerms || global.NoPermissions ? null : global.Permissions & 0x1FF;
            fs.SetOpenFileAttributes(stream, temp, permissions, new FileTimestamp(global.ModifiedSeconds, global.ModifiedNanos));
            return (temp, fs.StatOpenFile(stream, temp).Inode);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Stream OpenTemp(string temp, FileRecord global, bool[] have, out bool fresh)
    {
        // Usually there is no temp file yet: create it outright (one path walk); look closer only when that fails.
        try
        {
            fresh = true;
            return CreateTemp(temp, global);
        }
        catch (FsException exception) when (exception.Kind is FsErrorKind.AlreadyExists or FsErrorKind.TraversesSymlink)
        {
        }

        var existing = fs.TryLstat(temp);
        if (existing is { IsFile: true })
        {
            var reused = fs.OpenWrite(temp);
            try
            {
                MarkReusable(reused, existing.Size, global, have);
                reused.SetLength(global.Size);
                fresh = false;
                return reused;
            }
            catch
            {
                reused.Dispose();
                throw;
            }
        }

        if (existing is not null)
        {
            fs.Remove(temp); // Something else under our temp name (a directory or symlink left behind): not data.
        }

        fresh = true;
        return CreateTemp(temp, global);
    }

    private Stream CreateTemp(string temp, FileRecord global)
    {
        var mode = options.IgnorePerms || global.NoPermissions ? 0x1B6u /* 0666 */ : (global.Permissions & 0x1FF) | 0x180 /* 0600 */;
        var created = fs.CreateNew(temp, mode);
        try
        {
            if (!WrittenWhole(global))
            {
                created.SetLength(global.Size);
            }

            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True when writing the blocks sizes the file by itself: one block covering the whole file that is not skipped
    /// as a sparse zero block (a small file: its one write makes the size, so no ftruncate beforehand).
    /// </summary>
    internal static bool WrittenWhole(FileRecord global) =>
        global.Size == 0 ||
        (global.Blocks.Length == 1 && global.Blocks[0].Offset == 0 && global.Blocks[0].Size == global.Size && !ZeroBlocks.IsZeroBlock(global.Blocks[0]));

    /// <summary>1.19 keeps the blocks of an old temp file that are identical at the same index.</summary>
    private static void MarkReusable(Stream stream, long length, FileRecord global, bool[] have)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(global.BlockSize, 1));
        try
        {
            for (var i = 0; i < global.Blocks.Length; i++)
            {
                var block = global.Blocks[i];
                if (block.Offset + block.Size > length)
                {
                    break;
                }

                stream.Position = block.Offset;
                stream.ReadExactly(buffer, 0, block.Size);
                have[i] = BlockVerifier.VerifyBlock(buffer.AsSpan(0, block.Size), block);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Blocks from this many on are read and verified by several workers (a large file with a small edit).</summary>
    internal const int ParallelCopyFrom = 16;

    /// <summary>
    /// Copies the <paramref name="wanted"/> blocks we already hold locally into the temp file and returns the rest,
    /// in order. Every copied block is SHA-256-verified; for many blocks (a small change inside a large file, where
    /// nearly all of it is copied) that work is spread over the processors.
    /// </summary>
    private List<int> CopyLocally(FileRecord global, FileRecord? local, List<int> wanted, Stream temp, object writeGate, CancellationToken cancellationToken)
    {
        var blocks = global.Blocks;
        if (wanted.Count < ParallelCopyFrom || Environment.ProcessorCount < 2)
        {
            var missing = new List<int>();
            foreach (var i in wanted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!TryCopyLocally(global, local, blocks[i], temp, writeGate))
                {
                    missing.Add(i);
                }
            }

            return missing;
        }

        var copied = new bool[blocks.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.ForEach(wanted, parallel, i => copied[i] = TryCopyLocally(global, local, blocks[i], temp, writeGate));
        return wanted.FindAll(i => !copied[i]);
    }

    private bool TryCopyLocally(FileRecord global, FileRecord? local, BlockRef block, Stream temp, object writeGate)
    {
        foreach (var (name, offset) in LocalSources(global, local, block))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(block.Size);
            try
            {
                if (!TryRead(name, offset, buffer.AsSpan(0, block.Size)) || !BlockVerifier.VerifyBlock(buffer.AsSpan(0, block.Size), block))
                {
                    continue;
                }

                Write(temp, writeGate, block.Offset, buffer.AsSpan(0, block.Size));
                Interlocked.Add(ref _copied, block.Size);
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return false;
    }

    /// <summary>Where we might already hold the block: our old version of this file first, then the block map.</summary>
    private IEnumerable<(string Name, long Offset)> LocalSources(FileRecord global, FileRecord? local, BlockRef block)
    {
        if (local is { IsFile: true, Deleted: false, IsInvalid: false })
        {
            // Usually the block is where it was (an edit inside the file): check that offset before searching.
            if (local.BlockSize == global.BlockSize && local.BlockSize > 0 && block.Offset / local.BlockSize < local.Blocks.Length)
            {
                var same = local.Blocks[(int)(block.Offset / local.BlockSize)];
                if (same.Offset == block.Offset && same.Size == block.Size && same.Hash.Span.SequenceEqual(block.Hash.Span))
                {
                    yield return (local.Name, same.Offset);
                    local = null; // Tried; the block map may still know other copies.
                }
            }
        }

        if (local is { IsFile: true, Deleted: false, IsInvalid: false })
        {
            foreach (var old in local.Blocks)
            {
                if (old.Size == block.Size && old.Hash.Span.SequenceEqual(block.Hash.Span))
                {
                    yield return (local.Name, old.Offset);
                    break;
                }
            }
        }

        var tried = 0;
        foreach (var location in store.FindLocalBlocks(block.Hash, folder))
        {
            if (location.Size != block.Size || string.Equals(location.Name, global.Name, StringComparison.Ordinal))
            {
                continue;
            }

            yield return (location.Name, location.Offset);
            if (++tried >= 3)
            {
                yield break;
            }
        }
    }

    private bool TryRead(string name, long offset, Span<byte> destination)
    {
        try
        {
            using var source = fs.OpenRead(name);
            if (offset + destination.Length > source.Length)
            {
                return false;
            }

            source.Position = offset;
            source.ReadExactly(destination);
            return true;
        }
        catch (Exception e) when (e is FsException or IOException)
        {
            return false; // Gone or changed since it was indexed: the block comes from elsewhere.
        }
    }

    private async Task DownloadAsync(FileRecord global, List<int> missing, Stream temp, object writeGate, CancellationToken cancellationToken)
    {
        var connected = fetcher.ConnectedDevices(folder);
        var devices = store.Availability(folder, global.Name).Where(connected.Contains).ToArray();
        if (devices.Length == 0)
        {
            throw new PullFailedException(NoDeviceReason);
        }

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new List<Task>(missing.Count);
        try
        {
            foreach (var index in missing)
            {
                var block = global.Blocks[index];
                await budget.AcquireAsync(block.Size, failed.Token).ConfigureAwait(false);
                tasks.Add(DownloadBlockAsync(global, block, index, devices, temp, writeGate, failed));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A block failed on every device; its task below carries the reason.
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or PullFailedException)
        {
            // One block was refused by every device; the others were cancelled because of it.
            throw new PullFailedException(PeersGoneReason);
        }
    }

    private async Task DownloadBlockAsync(FileRecord global, BlockRef block, int index, DeviceId[] devices, Stream temp, object writeGate, CancellationTokenSource failed)
    {
        try
        {
            for (var attempt = 0; attempt < devices.Length; attempt++)
            {
                var device = devices[(index + attempt) % devices.Length];
                FetchedBlock fetched;
                try
                {
                    fetched = await fetcher.RequestAsync(device, folder, global.Name, block, failed.Token).ConfigureAwait(false);
                }
                catch (BlockFetchException)
                {
                    continue;
                }

                using (fetched)
                {
                    if (!BlockVerifier.VerifyBlock(fetched.Data.Span, block))
                    {
                        continue;
                    }

                    Write(temp, writeGate, block.Offset, fetched.Data.Span);
                }

                Interlocked.Add(ref _downloaded, block.Size);
                return;
            }

            await failed.CancelAsync().ConfigureAwait(false);
            throw new PullFailedException(PeersGoneReason);
        }
        finally
        {
            budget.Release(block.Size);
        }
    }

    private static void Write(Stream stream, object gate, long offset, ReadOnlySpan<byte> data)
    {
        if (stream is IPositionalWrite positional)
        {
            positional.WriteAt(offset, data); // Disjoint blocks: no lock, the device may take several at once.
            return;
        }

        lock (gate)
        {
            stream.Position = offset;
            stream.Write(data);
        }
    }
}
