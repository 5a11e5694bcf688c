namespace Syncthing.Engine.Connections;

/// <summary>
/// A connection's stream under the node's bandwidth limits: every byte read or written is charged to the device's
/// bucket and to the node-wide one, and the caller waits for whichever is slower. Reads are charged after they
/// return (a read cannot know its size in advance), writes before they go out, in pieces no larger than a burst.
/// </summary>
internal sealed class RateLimitedStream : Stream
{
    private readonly Stream _inner;
    private readonly IBandwidthBuckets _buckets;
    private readonly TimeProvider _time;

    public RateLimitedStream(Stream inner, IBandwidthBuckets buckets, TimeProvider time)
    {
        _inner = inner;
        _buckets = buckets;
        _time = time;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _buckets.Receive().IsUnlimited ? _inner.ReadAsync(buffer, cancellationToken) : ReadLimitedAsync(buffer, cancellationToken);

    private async ValueTask<int> ReadLimitedAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        await WaitAsync(_buckets.Receive(), n, cancellationToken).ConfigureAwait(false);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _buckets.Send().IsUnlimited ? _inner.WriteAsync(buffer, cancellationToken) : WriteLimitedAsync(buffer, cancellationToken);

    private async ValueTask WriteLimitedAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var buckets = _buckets.Send();
            var piece = buffer[..(int)Math.Min(buffer.Length, buckets.Burst)];
            await WaitAsync(buckets, piece.Length, cancellationToken).ConfigureAwait(false);
            await _inner.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
            buffer = buffer[piece.Length..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private Task WaitAsync(BucketPair buckets, int bytes, CancellationToken cancellationToken)
    {
        if (bytes <= 0 || buckets.IsUnlimited)
        {
            return Task.CompletedTask;
        }

        var device = buckets.Device?.Reserve(bytes) ?? TimeSpan.Zero;
        var node = buckets.Node?.Reserve(bytes) ?? TimeSpan.Zero;
        var wait = device > node ? device : node;
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _time, cancellationToken);
    }
}

/// <summary>The buckets a connection's transfers in one direction are charged to; null entries are unlimited.</summary>
internal readonly record struct BucketPair(TokenBucket? Device, TokenBucket? Node)
{
    public static BucketPair Unlimited => default;

    public bool IsUnlimited => Device is null && Node is null;

    /// <summary>The largest piece to charge at once: the smaller burst of the two.</summary>
    public long Burst => Math.Min(Device?.Burst ?? long.MaxValue, Node?.Burst ?? long.MaxValue);
}

/// <summary>Which buckets apply to one connection right now (limits follow configuration changes).</summary>
internal interface IBandwidthBuckets
{
    BucketPair Send();

    BucketPair Receive();
}
