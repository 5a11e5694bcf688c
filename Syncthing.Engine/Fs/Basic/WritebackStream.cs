using Microsoft.Win32.SafeHandles;

namespace Syncthing.Engine.Fs.Basic;

/// <summary>
/// A writable file stream that starts the kernel's write-out of its dirty pages after every
/// <see cref="DefaultInterval"/> bytes written (Linux sync_file_range, not waiting). Without it, a file written at
/// page-cache speed stays dirty in memory — the kernel's background write-out starts only at a tenth of RAM — and
/// the final fsync then writes all of it while nothing else happens: for a 1 GiB pull on this project's benchmark
/// machine, about a second after the last block arrived. With it, the device writes while blocks still arrive and
/// the fsync waits only for the tail. Durability is unchanged: callers still fsync before relying on the data.
/// <para>
/// A file sized (<see cref="SetLength"/>) to <see cref="DefaultDirectFrom"/> or more takes its aligned
/// <see cref="WriteAt"/> writes around the page cache (<see cref="DirectWriter"/>); the rest of its writes (an
/// unaligned tail, unaligned offsets, <see cref="Write(ReadOnlySpan{byte})"/>) and all writes of smaller files go
/// through the page cache. Mixing both is coherent: the kernel drops cached pages a direct write covers.
/// </para>
/// </summary>
internal sealed class WritebackStream(
    FileStream inner,
    long interval = WritebackStream.DefaultInterval,
    long directFrom = WritebackStream.DefaultDirectFrom,
    Func<SafeFileHandle, DirectWriter?>? openDirect = null) : Stream, IPositionalWrite
{
    /// <summary>Bytes written between two write-out starts.</summary>
    public const long DefaultInterval = 8 * 1024 * 1024;

    /// <summary>Files at least this large are written with O_DIRECT where the file system allows it.</summary>
    public const long DefaultDirectFrom = 4 * 1024 * 1024;

    // Taken once: FileStream re-synchronises the OS file offset (an lseek) every time its handle is asked for.
    private readonly SafeFileHandle _handle = inner.SafeFileHandle;

    private readonly object _directGate = new();
    private DirectWriter? _direct;
    private bool _directTried;
    private long _sinceStart;
    private int _starts;

    /// <summary>Bytes written around the page cache so far (for tests).</summary>
    internal long DirectBytes => Volatile.Read(ref _direct)?.BytesWritten ?? 0;

    /// <summary>The file's handle (for fstat).</summary>
    internal SafeFileHandle Handle => _handle;

    /// <summary>Write-outs started so far (for tests).</summary>
    internal int WritebackStarts => _starts;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value)
    {
        inner.SetLength(value);
        if (directFrom > 0 && value >= directFrom)
        {
            lock (_directGate)
            {
                if (!_directTried)
                {
                    _directTried = true;
                    Volatile.Write(ref _direct, (openDirect ?? DirectWriter.TryOpen)(_handle));
                }
            }
        }
    }

    /// <summary>
    /// Writes at <paramref name="offset"/> without moving the position; safe from several threads at once for
    /// disjoint ranges. The aligned part goes around the page cache when this file writes directly.
    /// </summary>
    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        var direct = Volatile.Read(ref _direct);
        if (direct is not null && offset % DirectWriter.Alignment == 0)
        {
            var aligned = data.Length & ~(DirectWriter.Alignment - 1);
            if (aligned > 0 && direct.TryWrite(offset, data[..aligned]))
            {
                offset += aligned;
                data = data[aligned..];
            }
        }

        if (!data.IsEmpty)
        {
            RandomAccess.Write(_handle, data, offset);
            Wrote(data.Length);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Wrote(buffer.Length);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Wrote(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _direct?.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _direct?.Dispose();
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Wrote(int count)
    {
        if (Interlocked.Add(ref _sinceStart, count) < interval)
        {
            return;
        }

        Interlocked.Exchange(ref _sinceStart, 0);
        Interlocked.Increment(ref _starts);

        // Best effort: a failure here changes nothing about durability, which the later fsync decides and reports.
        _ = LinuxNative.StartWriteback(_handle);
    }
}
