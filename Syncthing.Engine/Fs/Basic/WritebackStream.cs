using Microsoft.Win32.SafeHandles;

namespace Syncthing.Engine.Fs.Basic;

/// <summary>
/// A writable file stream that starts the kernel's write-out of its dirty pages after every
/// <see cref="DefaultInterval"/> bytes written (Linux sync_file_range, not waiting). Without it, a file written at
/// page-cache speed stays dirty in memory — the kernel's background write-out starts only at a tenth of RAM — and
/// the final fsync then writes all of it while nothing else happens: for a 1 GiB pull on this project's benchmark
/// machine, about a second after the last block arrived. With it, the device writes while blocks still arrive and
/// the fsync waits only for the tail. Durability is unchanged: callers still fsync before relying on the data.
/// </summary>
internal sealed class WritebackStream(FileStream inner, long interval = WritebackStream.DefaultInterval) : Stream
{
    /// <summary>Bytes written between two write-out starts.</summary>
    public const long DefaultInterval = 8 * 1024 * 1024;

    // Taken once: FileStream re-synchronises the OS file offset (an lseek) every time its handle is asked for.
    private readonly SafeFileHandle _handle = inner.SafeFileHandle;

    private long _sinceStart;
    private int _starts;

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

    public override void SetLength(long value) => inner.SetLength(value);

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
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Wrote(int count)
    {
        _sinceStart += count;
        if (_sinceStart < interval)
        {
            return;
        }

        _sinceStart = 0;
        _starts++;

        // Best effort: a failure here changes nothing about durability, which the later fsync decides and reports.
        _ = LinuxNative.StartWriteback(_handle);
    }
}
