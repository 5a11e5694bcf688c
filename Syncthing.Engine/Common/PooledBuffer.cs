using System.Buffers;

namespace Syncthing.Engine.Common;

/// <summary>
/// An exactly-sized view over an array rented from an <see cref="ArrayPool{T}"/>. The holder owns it and must
/// dispose it exactly once when done; <see cref="Dispose"/> returns the array to the pool, after which the memory
/// must not be touched (a <see cref="Memory"/> obtained earlier would then alias someone else's data).
/// </summary>
internal sealed class PooledBuffer : IMemoryOwner<byte>
{
    private readonly ArrayPool<byte> _pool;
    private readonly int _length;
    private byte[]? _array;

    /// <summary>Rents at least <paramref name="length"/> bytes; the contents are unspecified until written.</summary>
    public PooledBuffer(ArrayPool<byte> pool, int length)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _pool = pool;
        _length = length;
        _array = pool.Rent(length);
    }

    /// <summary>Takes ownership of <paramref name="array"/>, already rented from <paramref name="pool"/>.</summary>
    public PooledBuffer(ArrayPool<byte> pool, byte[] array, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, array.Length);
        _pool = pool;
        _length = length;
        _array = array;
    }

    /// <summary>The <c>length</c> bytes given at construction.</summary>
    public Memory<byte> Memory => Array.AsMemory(0, _length);

    /// <summary>Shortcut for <c>Memory.Span</c>.</summary>
    public Span<byte> Span => Array.AsSpan(0, _length);

    /// <summary>Number of bytes in <see cref="Memory"/>.</summary>
    public int Length => _length;

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));

    /// <summary>Returns the array to its pool. Idempotent.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            _pool.Return(array);
        }
    }
}
