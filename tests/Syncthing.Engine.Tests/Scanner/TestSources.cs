using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Tests.Scanner;

/// <summary>A memory stream whose length is changed to <c>newLength</c> right after its n-th read.</summary>
internal sealed class ResizingStream : MemoryStream
{
    private readonly long _newLength;
    private readonly int _resizeAfterReads;
    private int _reads;

    public ResizingStream(byte[] initial, long newLength, int resizeAfterReads)
    {
        Write(initial);
        Position = 0;
        _newLength = newLength;
        _resizeAfterReads = resizeAfterReads;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = base.Read(buffer);
        if (++_reads == _resizeAfterReads)
        {
            var position = Position;
            SetLength(_newLength);
            Position = Math.Min(position, _newLength);
        }

        return read;
    }
}

/// <summary>Memory source that runs an action on its n-th read (e.g. cancels a token) and counts reads.</summary>
internal sealed class HookedSource : IBlockSource
{
    private readonly MemoryBlockSource _inner;
    private readonly int _hookAtRead;
    private readonly Action _hook;
    private int _reads;

    public HookedSource(byte[] data, int hookAtRead, Action hook, bool concurrent)
    {
        _inner = new MemoryBlockSource(data);
        _hookAtRead = hookAtRead;
        _hook = hook;
        SupportsConcurrentReads = concurrent;
    }

    public bool SupportsConcurrentReads { get; }

    public int Reads => Volatile.Read(ref _reads);

    public int Read(long offset, Span<byte> destination)
    {
        if (Interlocked.Increment(ref _reads) == _hookAtRead)
        {
            _hook();
        }

        return _inner.Read(offset, destination);
    }
}

/// <summary>Memory source that returns at most a few bytes per read, to exercise read loops.</summary>
internal sealed class TrickleSource(byte[] data, int maxPerRead) : IBlockSource
{
    private readonly MemoryBlockSource _inner = new(data);

    public bool SupportsConcurrentReads => true;

    public int Read(long offset, Span<byte> destination) =>
        _inner.Read(offset, destination[..Math.Min(destination.Length, maxPerRead)]);
}

/// <summary>Memory source whose reads fail at one offset.</summary>
internal sealed class FailingSource(byte[] data, long failAt) : IBlockSource
{
    private readonly MemoryBlockSource _inner = new(data);

    public bool SupportsConcurrentReads => true;

    public int Read(long offset, Span<byte> destination) =>
        offset == failAt ? throw new IOException("simulated read failure") : _inner.Read(offset, destination);
}
