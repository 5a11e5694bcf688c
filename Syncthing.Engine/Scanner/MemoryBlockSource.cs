namespace Syncthing.Engine.Scanner;

/// <summary>An <see cref="IBlockSource"/> over bytes in memory; safe for concurrent reads.</summary>
internal sealed class MemoryBlockSource : IBlockSource
{
    private readonly ReadOnlyMemory<byte> _data;

    public MemoryBlockSource(ReadOnlyMemory<byte> data) => _data = data;

    public bool SupportsConcurrentReads => true;

    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= _data.Length)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, _data.Length - offset);
        _data.Span.Slice((int)offset, count).CopyTo(destination);
        return count;
    }
}
