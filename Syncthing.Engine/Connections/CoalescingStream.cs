namespace Syncthing.Engine.Connections;

/// <summary>
/// Sits between SslStream and the socket. SslStream writes every TLS record (at most 16 KiB) with its own send
/// and receives into a buffer about one record large, so a 128 KiB block costs eight sends and eight receives,
/// each a trip through the TCP stack. Once <see cref="CoalesceWrites"/> is on, writes collect in a buffer that
/// goes out when it is full or on <see cref="FlushAsync(CancellationToken)"/> — BepConnection flushes after each
/// frame, so a frame leaves in as few sends as its size allows and nothing waits in the buffer past its frame.
/// Reads smaller than the buffer fill it with whatever the socket holds and are served from it.
/// </summary>
/// <remarks>
/// Writes pass straight through until <see cref="CoalesceWrites"/> is set, because the TLS handshake writes
/// without flushing. One read and one write may be in progress at the same time (they use separate buffers), as
/// on a socket.
/// </remarks>
internal sealed class CoalescingStream(Stream inner) : Stream
{
    /// <summary>Size of each buffer: the largest TCP segment on loopback, four TLS records.</summary>
    public const int BufferSize = 64 * 1024;

    private readonly byte[] _readBuffer = new byte[BufferSize];
    private readonly byte[] _writeBuffer = new byte[BufferSize];
    private int _readStart;
    private int _readEnd;
    private int _written;

    /// <summary>Collect writes until a flush (set after the handshake).</summary>
    public bool CoalesceWrites { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_readEnd == _readStart)
        {
            if (buffer.Length >= BufferSize)
            {
                return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            _readStart = 0;
            _readEnd = await inner.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
            if (_readEnd == 0)
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _readEnd - _readStart);
        _readBuffer.AsSpan(_readStart, count).CopyTo(buffer.Span);
        _readStart += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!CoalesceWrites)
        {
            await WritePendingAsync(cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_written + buffer.Length > BufferSize)
        {
            await WritePendingAsync(cancellationToken).ConfigureAwait(false);
        }

        if (buffer.Length >= BufferSize)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        buffer.Span.CopyTo(_writeBuffer.AsSpan(_written));
        _written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await WritePendingAsync(cancellationToken).ConfigureAwait(false);
        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Unflushed bytes here can only be TLS records written outside a frame (a closing alert); the
            // connection is going away and waiting on a peer that may not read would only delay that.
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_written > 0)
        {
            var count = _written;
            _written = 0;
            await inner.WriteAsync(_writeBuffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
    }
}
