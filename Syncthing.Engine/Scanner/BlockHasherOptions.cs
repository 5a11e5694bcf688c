using System.Buffers;

namespace Syncthing.Engine.Scanner;

/// <summary>Settings of a <see cref="BlockHasher"/>.</summary>
internal sealed record BlockHasherOptions
{
    /// <summary>Most workers one file is split among; 1 hashes every file sequentially.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Each worker gets at least this many blocks; files with fewer than twice as many blocks are hashed
    /// sequentially (splitting them costs more than it saves).
    /// </summary>
    public int MinBlocksPerWorker { get; init; } = 8;

    /// <summary>Compute Adler-32 weak hashes (1.19 always does); when false every weak hash is 0.</summary>
    public bool UseWeakHashes { get; init; } = true;

    /// <summary>Where read buffers are rented from; one buffer of one block per worker per file.</summary>
    public ArrayPool<byte> BufferPool { get; init; } = ArrayPool<byte>.Shared;
}
