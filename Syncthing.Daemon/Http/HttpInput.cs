namespace Syncthing.Daemon.Http;

/// <summary>
/// The receiving side of one HTTP connection: a buffer of bytes read but not yet consumed, grown on demand up to
/// <see cref="MaxBuffered"/>, and at most one outstanding read. That read may be started while the REST handler
/// runs (<see cref="StartWatch"/>) to notice a client that hangs up during a long poll; whatever it brings (the
/// next pipelined request, or the end of the stream) is kept for the next request.
/// </summary>
internal sealed class HttpInput(Stream stream)
{
    /// <summary>Largest request head, chunk-size line or trailer section kept in memory at once.</summary>
    public const int MaxBuffered = 32 * 1024;

    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;
    private Task<int>? _pending;
    private bool _ended;

    /// <summary>Bytes received and not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _end - _start);
        _start += count;
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
        }
    }

    /// <summary>Receives more bytes into the buffer; false once the peer has closed its side.</summary>
    /// <exception cref="BadHttpRequestException">The buffer already holds <see cref="MaxBuffered"/> bytes (431).</exception>
    public async ValueTask<bool> ReadMoreAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        var read = _pending ?? StartRead();
        var count = await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        _pending = null;
        if (count == 0)
        {
            _ended = true;
            return false;
        }

        _end += count;
        return true;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> completely, from the buffer first and then straight from the stream.
    /// </summary>
    /// <exception cref="IOException">The peer closed the connection first.</exception>
    public async ValueTask ReadExactAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            if (_end > _start || _pending is not null)
            {
                if (_end == _start && !await ReadMoreAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new IOException("the client closed the connection in the middle of a request body");
                }

                var take = Math.Min(_end - _start, destination.Length - filled);
                Buffered[..take].CopyTo(destination.Span[filled..]);
                Consume(take);
                filled += take;
                continue;
            }

            var count = await stream.ReadAsync(destination[filled..], cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                _ended = true;
                throw new IOException("the client closed the connection in the middle of a request body");
            }

            filled += count;
        }
    }

    /// <summary>
    /// Starts a read while nothing is buffered and none is outstanding, and returns it (null otherwise): it completes
    /// with 0 when the client closes the connection. Its bytes are consumed by the next <see cref="ReadMoreAsync"/>.
    /// </summary>
    public Task<int>? StartWatch() => _ended || _pending is not null || _end > _start ? null : StartRead();

    private Task<int> StartRead()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxBuffered)
            {
                throw new BadHttpRequestException(431, "request head too large");
            }

            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxBuffered));
        }

        _pending = stream.ReadAsync(_buffer.AsMemory(_end)).AsTask();
        return _pending;
    }
}
