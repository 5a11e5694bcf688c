using Google.Protobuf;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Protocol;

public sealed class BepConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly RecordingHandler _handlerA = new();
    private readonly RecordingHandler _handlerB = new();
    private readonly FakeTimeProvider _time = new();
    private SocketPair _pair = null!;
    private BepConnection _a = null!;
    private BepConnection _b = null!;

    public async Task InitializeAsync()
    {
        _pair = await SocketPair.CreateAsync();
        var options = new BepConnectionOptions { CheckInterval = TimeSpan.FromSeconds(15) };
        _a = new BepConnection(_pair.A, DeviceId.FromBytes(Enumerable.Repeat((byte)2, 32).ToArray()), new Hello(), _handlerA, options, _time);
        _b = new BepConnection(_pair.B, DeviceId.FromBytes(Enumerable.Repeat((byte)1, 32).ToArray()), new Hello(), _handlerB, options, _time);
        _a.Start();
        _b.Start();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _pair.Dispose();
    }

    [Fact]
    public async Task IndexBeforeClusterConfigClosesTheConnection()
    {
        await _a.SendAsync(new IndexUpdate { Folder = "f" }, default);
        var (reason, _) = await _handlerB.Closed.WaitAsync(Limit);
        Assert.Contains("invalid state", reason, StringComparison.Ordinal);
        var (peerReason, _) = await _handlerA.Closed.WaitAsync(Limit);
        Assert.Contains("closed by remote", peerReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterConfigThenIndexIsDelivered()
    {
        await _a.SendAsync(new ClusterConfig { Folders = { new Folder { Id = "f" } } }, default);
        await _a.SendAsync(new Syncthing.Engine.Protocol.Wire.Index { Folder = "f", Files = { FrameCodecTests.SampleFile("a.txt") } }, default);
        await _handlerB.FirstIndex.Task.WaitAsync(Limit);
        Assert.Single(_handlerB.ClusterConfigs);
        var (folder, files, isUpdate) = Assert.Single(_handlerB.Indexes);
        Assert.Equal("f", folder);
        Assert.False(isUpdate);
        Assert.Equal("a.txt", Assert.Single(files).Name);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("dir\\file")]
    [InlineData("a\0b")]
    [InlineData("a/./b")]
    [InlineData("e\u0301")] // NFD
    public async Task NonCanonicalNamesCloseTheConnection(string name)
    {
        await _a.SendAsync(new ClusterConfig(), default);
        await _a.SendAsync(new IndexUpdate { Folder = "f", Files = { FrameCodecTests.SampleFile(name) } }, default);
        var (reason, _) = await _handlerB.Closed.WaitAsync(Limit);
        Assert.Contains("filename is invalid", reason, StringComparison.Ordinal);
        Assert.Empty(_handlerB.Indexes);
    }

    [Fact]
    public async Task FileWithoutBlocksClosesTheConnection()
    {
        var file = FrameCodecTests.SampleFile("noblocks.txt");
        file.Blocks.Clear();
        await _a.SendAsync(new ClusterConfig(), default);
        await _a.SendAsync(new IndexUpdate { Folder = "f", Files = { file } }, default);
        var (reason, _) = await _handlerB.Closed.WaitAsync(Limit);
        Assert.Contains("file with empty block list", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsAreAnsweredAndMatchedById()
    {
        _handlerB.Serve = r => new Response { Data = ByteString.CopyFromUtf8($"{r.Name}@{r.Offset}") };
        await _a.SendAsync(new ClusterConfig(), default);
        await _b.SendAsync(new ClusterConfig(), default);
        var requests = Enumerable.Range(0, 20)
            .Select(i => _a.RequestAsync(new Request { Folder = "f", Name = $"n{i}", Offset = i, Size = 4 }, default))
            .ToList();
        var responses = await Task.WhenAll(requests).WaitAsync(Limit);
        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal($"n{i}@{i}", responses[i].Data.ToStringUtf8());
        }
    }

    [Fact]
    public async Task Small_requests_reach_the_handler_in_the_order_they_arrive()
    {
        // Served from the read loop, not handed to the thread pool (whose workers would take them in any order).
        _handlerB.Serve = r => new Response { Data = ByteString.CopyFromUtf8(r.Name) };
        await _a.SendAsync(new ClusterConfig(), default);
        await _b.SendAsync(new ClusterConfig(), default);
        var names = Enumerable.Range(0, 1000).Select(i => $"n{i}").ToList();

        var requests = names.Select(n => _a.RequestAsync(new Request { Folder = "f", Name = n, Size = 4 }, default)).ToList();
        var responses = await Task.WhenAll(requests).WaitAsync(Limit);

        Assert.Equal(names, responses.Select(r => r.Data.ToStringUtf8()));
        Assert.Equal(names, _handlerB.RequestOrder);
    }

    [Fact]
    public async Task A_request_whose_answer_is_not_ready_does_not_hold_up_the_ones_after_it()
    {
        var slow = new TaskCompletionSource<RequestReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _handlerB.ServeLater = r => r.Name == "slow" ? slow.Task : Task.FromResult<RequestReply>(new Response { Data = ByteString.CopyFromUtf8(r.Name) });
        await _a.SendAsync(new ClusterConfig(), default);
        await _b.SendAsync(new ClusterConfig(), default);

        var first = _a.RequestAsync(new Request { Folder = "f", Name = "slow", Size = 4 }, default);
        var small = await _a.RequestAsync(new Request { Folder = "f", Name = "small", Size = 4 }, default).WaitAsync(Limit);
        var large = await _a.RequestAsync(new Request { Folder = "f", Name = "large", Size = 1024 * 1024 }, default).WaitAsync(Limit);

        Assert.Equal(("small", "large"), (small.Data.ToStringUtf8(), large.Data.ToStringUtf8()));
        Assert.False(first.IsCompleted);
        slow.SetResult(new Response { Data = ByteString.CopyFromUtf8("slow") });
        Assert.Equal("slow", (await first.WaitAsync(Limit)).Data.ToStringUtf8());
    }

    [Fact]
    public async Task A_served_reply_is_released_once_its_response_has_been_sent()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lease = new Lease(released);
        _handlerB.ServeReply = r => new RequestReply(new Response { Data = ByteString.CopyFromUtf8("block") }, lease);
        await _a.SendAsync(new ClusterConfig(), default);
        await _b.SendAsync(new ClusterConfig(), default);

        var response = await _a.RequestAsync(new Request { Folder = "f", Name = "x", Size = 5 }, default).WaitAsync(Limit);

        Assert.Equal("block", response.Data.ToStringUtf8());
        await released.Task.WaitAsync(Limit);
        Assert.Equal(1, lease.Disposals);
    }

    private sealed class Lease(TaskCompletionSource released) : IDisposable
    {
        public int Disposals;

        public void Dispose()
        {
            Interlocked.Increment(ref Disposals);
            released.TrySetResult();
        }
    }

    [Fact]
    public async Task PendingRequestsFailWhenTheConnectionCloses()
    {
        var tcs = new TaskCompletionSource<Response>();
        _handlerB.Serve = _ => tcs.Task.GetAwaiter().GetResult();
        await _a.SendAsync(new ClusterConfig(), default);
        var pending = _a.RequestAsync(new Request { Folder = "f", Name = "x", Size = 1 }, default);
        await _a.CloseAsync("shutting down");
        await Assert.ThrowsAsync<BepProtocolException>(() => pending.WaitAsync(Limit));
        tcs.SetResult(new Response());
        var (reason, _) = await _handlerB.Closed.WaitAsync(Limit);
        Assert.Equal("closed by remote: shutting down", reason);
    }

    [Fact]
    public async Task PingIsSentAfterFortyFiveSilentSeconds()
    {
        await _a.SendAsync(new ClusterConfig(), default);
        var written = _a.BytesWritten;
        _time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(100);
        Assert.Equal(written, _a.BytesWritten);
        _time.Advance(TimeSpan.FromSeconds(15));
        var deadline = DateTime.UtcNow + Limit;
        while (_a.BytesWritten == written && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(written + 8, _a.BytesWritten); // exactly one 8-byte Ping frame
    }

    [Fact]
    public async Task SilenceForThreeHundredSecondsClosesWithReadTimeout()
    {
        // One step past the receive timeout: the keep-alive loop wakes once and finds 301 s without a read.
        _time.Advance(TimeSpan.FromSeconds(301));
        _time.Advance(TimeSpan.FromSeconds(15)); // one more check: the loop may have looked at exactly 300 s
        var (reasonA, _) = await _handlerA.Closed.WaitAsync(Limit);
        var (reasonB, _) = await _handlerB.Closed.WaitAsync(Limit);
        // Both sides time out at once; whichever closes first says why, the other may see the Close or a reset.
        Assert.True(reasonA == "read timeout" || reasonB == "read timeout", $"A: {reasonA}; B: {reasonB}");
    }
}
