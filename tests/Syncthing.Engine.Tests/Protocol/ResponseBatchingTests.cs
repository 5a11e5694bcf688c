using Google.Protobuf;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Protocol;

/// <summary>
/// Answers to small requests are written from the read loop without a flush each; the loop flushes once the next
/// frame is not already there, so requests that arrive together are answered with one send, and nothing waits
/// for an index to be applied. The transport buffers writes until a flush, as <see cref="CoalescingStream"/> does
/// under TLS in a real connection.
/// </summary>
public sealed class ResponseBatchingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private static readonly DeviceId Peer = DeviceId.FromBytes(Enumerable.Repeat((byte)3, 32).ToArray());

    [Fact]
    public async Task Answers_to_requests_that_arrived_together_leave_in_one_flush()
    {
        using var pair = await SocketPair.CreateAsync();
        var counting = new FlushCountingStream(new CoalescingStream(pair.B) { CoalesceWrites = true });
        var handler = new RecordingHandler { Serve = r => new Response { Data = ByteString.CopyFromUtf8(r.Name) } };
        await using var connection = new BepConnection(counting, Peer, new Hello(), handler, null, new FakeTimeProvider());
        var requests = Enumerable.Range(0, 200).Select(i => new Request { Id = i, Folder = "f", Name = $"n{i}", Size = 4 }).ToList();
        await WriteTogetherAsync(pair.A, [new ClusterConfig(), .. requests]);

        connection.Start();
        foreach (var request in requests)
        {
            var response = Assert.IsType<Response>((await ReadFrameAsync(pair.A)).Body);
            Assert.Equal((request.Id, request.Name), (response.Id, response.Data.ToStringUtf8()));
        }

        // One flush per answer before; now the 200 answers share one or two (never one each).
        Assert.InRange(counting.Flushes, 1, 2);
    }

    [Fact]
    public async Task Answers_are_flushed_before_an_index_that_follows_them_is_handled()
    {
        using var pair = await SocketPair.CreateAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler { Serve = r => new Response { Data = ByteString.CopyFromUtf8(r.Name) }, HoldIndex = held.Task };
        var counting = new FlushCountingStream(new CoalescingStream(pair.B) { CoalesceWrites = true });
        await using var connection = new BepConnection(counting, Peer, new Hello(), handler, null, new FakeTimeProvider());
        var requests = Enumerable.Range(0, 3).Select(i => new Request { Id = i, Folder = "f", Name = $"n{i}", Size = 4 }).ToList();
        await WriteTogetherAsync(pair.A, [new ClusterConfig(), .. requests, new IndexUpdate { Folder = "f" }]);

        connection.Start();
        try
        {
            foreach (var request in requests)
            {
                // The index handler is still holding the read loop: the answers must not wait for it.
                var response = Assert.IsType<Response>((await ReadFrameAsync(pair.A)).Body);
                Assert.Equal(request.Name, response.Data.ToStringUtf8());
            }

            await handler.FirstIndex.Task.WaitAsync(Limit);
            Assert.Equal(1, counting.Flushes);
            Assert.False(held.Task.IsCompleted);
        }
        finally
        {
            held.TrySetResult();
        }
    }

    private static async Task WriteTogetherAsync(Stream stream, IEnumerable<Google.Protobuf.IMessage> messages)
    {
        var all = new MemoryStream();
        foreach (var message in messages)
        {
            using var frame = FrameCodec.Encode(message, CompressionMode.Never);
            all.Write(frame.Memory.Span);
        }

        await stream.WriteAsync(all.ToArray()).AsTask().WaitAsync(Limit);
    }

    private static Task<BepMessage> ReadFrameAsync(Stream stream) =>
        FrameCodec.ReadAsync(stream, 1 << 20, default).WaitAsync(Limit);

    /// <summary>Passes everything through and counts flushes that reach the transport.</summary>
    private sealed class FlushCountingStream(Stream inner) : Stream
    {
        private int _flushes;

        public int Flushes => Volatile.Read(ref _flushes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _flushes);
            return inner.FlushAsync(cancellationToken);
        }

        public override void Flush()
        {
            Interlocked.Increment(ref _flushes);
            inner.Flush();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
