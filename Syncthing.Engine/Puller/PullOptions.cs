using Syncthing.Engine.Config;

namespace Syncthing.Engine.Puller;

/// <summary>The folder settings the puller follows, with 1.19's defaults for zero values.</summary>
internal sealed record PullOptions
{
    /// <summary>1.19's default for pullerMaxPendingKiB: two maximum-size blocks.</summary>
    public const int DefaultMaxPendingBytes = 32 * 1024 * 1024;

    public PullOrder Order { get; init; } = PullOrder.Random;

    public bool IgnorePerms { get; init; }

    public bool IgnoreDelete { get; init; }

    /// <summary>Conflict copies kept per file: -1 unlimited, 0 none (the losing file is deleted).</summary>
    public int MaxConflicts { get; init; } = 10;

    /// <summary>Bytes of block requests outstanding at once for the folder.</summary>
    public long MaxPendingBytes { get; init; } = DefaultMaxPendingBytes;

    /// <summary>
    /// Files pulled at the same time (their blocks share <see cref="MaxPendingBytes"/>). Many small files in flight
    /// keep both nodes busy while each waits for a round trip, and let one flush cover many of them
    /// (<see cref="DurabilityGroup"/>).
    /// </summary>
    /// <remarks>
    /// 128 since session 8: in alternating runs with the harness's inode-reuse wait (benchmarks/README.md), 30,000
    /// tiny files synced in 9.07/9.10 s with 32, 8.25/7.70 s with 128 and 7.74/7.66 s with 256; 10,000 small files
    /// in 4.19 s with 32 and 2.88 s with 128. Large files stay limited by <see cref="MaxConcurrentLargeFiles"/> and
    /// every block by <see cref="MaxPendingBytes"/>.
    /// </remarks>
    public int MaxConcurrentFiles { get; init; } = 128;

    /// <summary>Of those, files above <see cref="LargeFileBytes"/> pulled at the same time.</summary>
    public int MaxConcurrentLargeFiles { get; init; } = 4;

    /// <summary>Size from which a file counts against <see cref="MaxConcurrentLargeFiles"/>.</summary>
    public long LargeFileBytes { get; init; } = 1024 * 1024;

    public bool DisableFsync { get; init; }

    public bool DisableSparseFiles { get; init; }

    /// <summary>Finished items written to the index per transaction.</summary>
    public int DatabaseBatchSize { get; init; } = 1000;

    public static PullOptions FromFolder(FolderConfiguration folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new PullOptions
        {
            Order = folder.Order,
            IgnorePerms = folder.IgnorePerms,
            IgnoreDelete = folder.IgnoreDelete,
            MaxConflicts = folder.MaxConflicts,
            MaxPendingBytes = folder.PullerMaxPendingKiB > 0 ? folder.PullerMaxPendingKiB * 1024L : DefaultMaxPendingBytes,
            DisableFsync = folder.DisableFsync,
            DisableSparseFiles = folder.DisableSparseFiles,
        };
    }
}
