using System.Collections.Immutable;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Tests.Index;

/// <summary>Value equality for <see cref="FileRecord"/> including the block list (records compare arrays by reference).</summary>
internal sealed class RecordComparer : IEqualityComparer<FileRecord?>
{
    public static RecordComparer Instance { get; } = new();

    public bool Equals(FileRecord? x, FileRecord? y) =>
        x is null || y is null
            ? x is null && y is null
            : x with { Blocks = ImmutableArray<BlockRef>.Empty } == y with { Blocks = ImmutableArray<BlockRef>.Empty } && x.Blocks.SequenceEqual(y.Blocks);

    public int GetHashCode(FileRecord? obj) => obj?.Name.GetHashCode(StringComparison.Ordinal) ?? 0;
}
