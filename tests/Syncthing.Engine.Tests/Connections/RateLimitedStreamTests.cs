using Syncthing.Engine.Connections;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Connections;

public class RateLimitedStreamTests
{
    private const int KiB = 1024;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Writes_go_out_in_burst_sized_pieces_each_after_its_share_of_time()
    {
        var time = new FakeTimeProvider();
        var node = new TokenBucket(time, 512 * KiB);
        node.SetRate(512 * KiB);
        var inner = new RecordingStream(time);
        await using var stream = new RateLimitedStream(inner, new FixedBuckets(new BucketPair(null, node)), time);
        var data = new byte[2 * 1024 * KiB];
        new Random(1).NextBytes(data);

        var write = stream.WriteAsync(data).AsTask();
        await DriveAsync(time, write, TimeSpan.FromMilliseconds(250));

        Assert.Equal(data, inner.Written.ToArray());
        Assert.All(inner.Writes, w => Assert.True(w.Bytes <= 512 * KiB));
        // 512 KiB pass at once, the other 1.5 MiB at 512 KiB/s: the last piece leaves at 3 s, not before.
        Assert.Equal(TimeSpan.Zero, inner.Writes[0].At);
        Assert.Equal(TimeSpan.FromSeconds(3), inner.Writes[^1].At);
        Assert.Equal(4, inner.Writes.Count);
    }

    [Fact]
    public async Task The_slower_of_the_device_and_node_limits_wins()
    {
        var time = new FakeTimeProvider();
        var device = new TokenBucket(time, 100 * KiB);
        device.SetRate(100 * KiB);
        var node = new TokenBucket(time, 100 * KiB);
        node.SetRate(400 * KiB);
        var inner = new RecordingStream(time);
        await using var stream = new RateLimitedStream(inner, new FixedBuckets(new BucketPair(device, node)), time);

        var write = stream.WriteAsync(new byte[500 * KiB]).AsTask();
        await DriveAsync(time, write, TimeSpan.FromMilliseconds(250));

        Assert.Equal(TimeSpan.FromSeconds(4), inner.Writes[^1].At);
        Assert.All(inner.Writes, w => Assert.True(w.Bytes <= 100 * KiB));
    }

    [Fact]
    public async Task Reads_are_charged_after_they_return_and_the_next_one_waits_for_the_debt()
    {
        var time = new FakeTimeProvider();
        var node = new TokenBucket(time, 256 * KiB);
        node.SetRate(256 * KiB);
        var source = new byte[768 * KiB];
        new Random(2).NextBytes(source);
        await using var stream = new RateLimitedStream(new MemoryStream(source), new FixedBuckets(new BucketPair(null, node)), time);
        var buffer = new byte[256 * KiB];

        Assert.Equal(256 * KiB, await stream.ReadAsync(buffer).AsTask().WaitAsync(Limit));
        var second = stream.ReadAsync(buffer).AsTask();
        await WaitArmedAsync(time);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(256 * KiB, await second.WaitAsync(Limit));
        Assert.Equal(source.AsSpan(256 * KiB, 256 * KiB).ToArray(), buffer);
    }

    [Fact]
    public async Task Unlimited_buckets_pass_everything_in_one_write()
    {
        var time = new FakeTimeProvider();
        var inner = new RecordingStream(time);
        await using var stream = new RateLimitedStream(inner, new FixedBuckets(BucketPair.Unlimited), time);

        await stream.WriteAsync(new byte[3 * 1024 * KiB]).AsTask().WaitAsync(Limit);

        Assert.Single(inner.Writes);
    }

    /// <summary>Advances the fake clock in steps whenever the writer sleeps, until it finishes (bounded).</summary>
    private static async Task DriveAsync(FakeTimeProvider time, Task task, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!task.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the write did not finish");
            if (time.ArmedTimers > 0)
            {
                time.Advance(step);
            }
            else
            {
                await Task.Delay(1);
            }
        }

        await task;
    }

    private static async Task WaitArmedAsync(FakeTimeProvider time)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (time.ArmedTimers == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no wait was armed");
            await Task.Delay(1);
        }
    }

    private sealed class FixedBuckets(BucketPair pair) : IBandwidthBuckets
    {
        public BucketPair Send() => pair;

        public BucketPair Receive() => pair;
    }

    private sealed class RecordingStream(FakeTimeProvider time) : MemoryStream
    {
        private readonly DateTimeOffset _start = time.GetUtcNow();

        public List<(int Bytes, TimeSpan At)> Writes { get; } = [];

        public MemoryStream Written { get; } = new();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add((buffer.Length, time.GetUtcNow() - _start));
            Written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
