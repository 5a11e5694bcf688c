namespace Syncthing.Engine.Protocol;

/// <summary>One block of a file: where it sits, how long it is, its SHA-256 and (1.x) Adler-32 weak hash.</summary>
public readonly record struct BlockRef(long Offset, int Size, ReadOnlyMemory<byte> Hash, uint WeakHash = 0)
{
    public bool Equals(BlockRef other) =>
        Offset == other.Offset && Size == other.Size && WeakHash == other.WeakHash && Hash.Span.SequenceEqual(other.Hash.Span);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Offset);
        hash.Add(Size);
        hash.AddBytes(Hash.Span);
        return hash.ToHashCode();
    }
}
