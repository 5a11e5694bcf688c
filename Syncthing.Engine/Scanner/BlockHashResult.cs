using System.Collections.Immutable;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

/// <summary>How the file's size disagreed with the size the caller expected while it was being hashed.</summary>
internal enum FileSizeChange
{
    /// <summary>Exactly the expected number of bytes was read, and no more were there.</summary>
    None,

    /// <summary>End of file came before the expected size.</summary>
    Shrunk,

    /// <summary>More bytes were readable past the expected size.</summary>
    Grew,
}

/// <summary>
/// Outcome of <see cref="BlockHasher.HashAsync"/>: either the complete block list of the file, or the finding that
/// the file's length changed while it was read. In the second case there is no block list at all (reading
/// <see cref="Blocks"/> throws), so a mixture of old and new content can never be published.
/// </summary>
internal sealed class BlockHashResult
{
    private readonly ImmutableArray<BlockRef> _blocks;

    private BlockHashResult(long expectedSize, FileSizeChange change, ImmutableArray<BlockRef> blocks)
    {
        ExpectedSize = expectedSize;
        Change = change;
        _blocks = blocks;
    }

    /// <summary>The size the caller announced, which the block list (if any) covers.</summary>
    public long ExpectedSize { get; }

    /// <summary><see cref="FileSizeChange.None"/> when <see cref="Blocks"/> is valid.</summary>
    public FileSizeChange Change { get; }

    /// <summary>True when the file's length changed during hashing; the caller must discard and rescan later.</summary>
    public bool SizeChanged => Change != FileSizeChange.None;

    /// <summary>The blocks, in file order. Throws <see cref="InvalidOperationException"/> when <see cref="SizeChanged"/>.</summary>
    public ImmutableArray<BlockRef> Blocks =>
        SizeChanged ? throw new InvalidOperationException("The file changed size while it was hashed; there is no block list.") : _blocks;

    internal static BlockHashResult Complete(long size, ImmutableArray<BlockRef> blocks) => new(size, FileSizeChange.None, blocks);

    internal static BlockHashResult Changed(long expectedSize, FileSizeChange change) => new(expectedSize, change, default);
}
