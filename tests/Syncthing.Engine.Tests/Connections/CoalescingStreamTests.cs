using Syncthing.Engine.Connections;

namespace Syncthing.Engine.Tests.Connections;

public sealed class CoalescingStreamTests
{
    [Fact]
    public async Task Before_coalescing_is_switched_on_every_write_reaches_the_socket_at_once()
    {
        var socket = new RecordingStream();
        var stream = new CoalescingStream(socket);

        await stream.WriteAsync(new byte[] { 1, 2, 3 });
        await stream.WriteAsync(new byte[] { 4 });

        Assert.Equal([[1, 2, 3], [4]], socket.Writes);
    }

    [Fact]
    public async Task Coalesced_writes_leave_in_one_send_on_flush_and_in_order()
    {
        var socket = new RecordingStream();
        var stream = new CoalescingStream(socket) { CoalesceWrites = true };

        for (var record = 0; record < 3; record++)
        {
            await stream.WriteAsync(Enumerable.Repeat((byte)record, 16 * 1024 + 22).ToArray());
        }

        var beforeFlush = socket.Writes.Count;
        await stream.FlushAsync();

        Assert.Equal(0, beforeFlush);
        var sent = Assert.Single(socket.Writes);
        Assert.Equal(3 * (16 * 1024 + 22), sent.Length);
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(r => Enumerable.Repeat((byte)r, 16 * 1024 + 22)), sent);
        Assert.Equal(1, socket.Flushes);
    }

    [Fact]
    public async Task A_full_buffer_is_sent_before_more_is_added_and_large_writes_go_straight_through()
    {
        var socket = new RecordingStream();
        var stream = new CoalescingStream(socket) { CoalesceWrites = true };
        var nearlyFull = new byte[CoalescingStream.BufferSize - 10];
        var large = Enumerable.Range(0, CoalescingStream.BufferSize + 5).Select(i => (byte)i).ToArray();

        await stream.WriteAsync(nearlyFull);
        await stream.WriteAsync(new byte[20]);
        await stream.WriteAsync(large);
        await stream.WriteAsync(new byte[] { 7 });
        await stream.FlushAsync();

        Assert.Equal([nearlyFull.Length, 20, large.Length, 1], socket.Writes.Select(w => w.Length));
        Assert.Equal(large, socket.Writes[2]);
        Assert.Equal(nearlyFull.Length + 20 + large.Length + 1, socket.Writes.Sum(w => w.Length));
    }

    [Fact]
    public async Task Small_reads_are_served_from_one_receive_and_large_ones_read_directly()
    {
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        var socket = new RecordingStream(data);
        var stream = new CoalescingStream(socket);
        var received = new List<byte>();

        var small = new byte[5000];
        for (var i = 0; i < 3; i++)
        {
            var n = await stream.ReadAsync(small);
            received.AddRange(small.AsSpan(0, n));
        }

        var reads = socket.Reads;
        var big = new byte[CoalescingStream.BufferSize * 2];
        int count;
        while ((count = await stream.ReadAsync(big)) > 0)
        {
            received.AddRange(big.AsSpan(0, count));
        }

        Assert.Equal(1, reads);
        Assert.Equal(data, received);
        Assert.Equal(0, await stream.ReadAsync(small));
    }

    /// <summary>A socket stand-in: records each write, serves reads from fixed data as large as asked.</summary>
    private sealed class RecordingStream(byte[]? data = null) : MemoryStream(data ?? [])
    {
        public List<byte[]> Writes { get; } = [];

        public int Flushes { get; private set; }

        public int Reads { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.ToArray());
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
