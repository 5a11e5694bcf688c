using Syncthing.Engine.Connections;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Connections;

public class TokenBucketTests
{
    [Fact]
    public void Unlimited_never_waits()
    {
        var bucket = new TokenBucket(new FakeTimeProvider(), burst: 1000);

        Assert.Equal(TimeSpan.Zero, bucket.Reserve(1_000_000));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(1_000_000));
    }

    [Fact]
    public void A_burst_passes_at_once_and_the_debt_beyond_it_is_waited_for_at_the_rate()
    {
        var bucket = new TokenBucket(new FakeTimeProvider(), burst: 1000);
        bucket.SetRate(500);

        Assert.Equal(TimeSpan.Zero, bucket.Reserve(1000));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Reserve(500));
        Assert.Equal(TimeSpan.FromSeconds(2), bucket.Reserve(500)); // waits behind the earlier debt
    }

    [Fact]
    public void Idle_time_refills_up_to_the_burst_and_no_further()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(time, burst: 1000);
        bucket.SetRate(100);
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(1000));

        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(300));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Reserve(100));

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(1000));
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Reserve(50));
    }

    [Fact]
    public void Over_a_long_transfer_the_rate_holds_however_it_is_split()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(time, burst: 64 * 1024);
        bucket.SetRate(1024 * 1024);
        var random = new Random(7);
        long sent = 0;
        while (sent < 20 * 1024 * 1024)
        {
            var piece = random.Next(1, 200_000);
            time.Advance(bucket.Reserve(piece));
            sent += piece;
        }

        var elapsed = time.GetUtcNow() - new FakeTimeProvider().GetUtcNow();
        var expected = (sent - (64 * 1024)) / (1024.0 * 1024.0);
        Assert.InRange(elapsed.TotalSeconds, expected - 0.2, expected + 0.2);
    }

    [Fact]
    public void Lifting_and_setting_a_limit_again_starts_from_a_full_bucket()
    {
        var bucket = new TokenBucket(new FakeTimeProvider(), burst: 1000);
        bucket.SetRate(100);
        Assert.Equal(TimeSpan.FromSeconds(10), bucket.Reserve(2000));

        bucket.SetRate(0);
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(5000));
        bucket.SetRate(100);

        Assert.Equal(TimeSpan.Zero, bucket.Reserve(1000));
        Assert.Equal(100, bucket.BytesPerSecond);
    }
}
