using System.Diagnostics;
using System.Security.Cryptography;
using Syncthing.Engine.Hosting;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Connections;

/// <summary>
/// maxSendKbps takes effect on a live connection between two of our nodes: with limitBandwidthInLan set (the peers
/// are on loopback, which counts as LAN), a 3 MiB pull at 512 KiB/s cannot finish in less than the time the limit
/// allows for the bytes beyond the first burst.
/// </summary>
public sealed class BandwidthLimitTests : IAsyncLifetime
{
    private const string FolderId = "limited";
    private readonly InProcessRoot _root = new("st-limit");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _root.DisposeAsync().AsTask();

    [Fact]
    public async Task A_send_limit_set_on_a_running_node_holds_the_pull_to_its_rate()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        var (a, b) = (InProcessNodes.Identity(_root.Path, "a"), InProcessNodes.Identity(_root.Path, "b"));
        var dataA = Directory.CreateDirectory(Path.Combine(_root.Path, "a-data")).FullName;
        var dataB = Directory.CreateDirectory(Path.Combine(_root.Path, "b-data")).FullName;
        var nodeA = _root.Add(InProcessNodes.Start(_root.Path, "a", a, dataA, FolderId, [b]));
        var nodeB = _root.Add(InProcessNodes.Start(_root.Path, "b", b, dataB, FolderId, [a]));

        var config = nodeA.Configuration;
        await nodeA.SetConfigurationAsync(config with { Options = config.Options with { MaxSendKbps = 512, LimitBandwidthInLan = true } }, ct);
        await nodeB.DialAsync(a, $"tcp://127.0.0.1:{nodeA.ListenEndpoints[0].Port}", ct);

        var content = new byte[3 * 1024 * 1024];
        new Random(5).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(dataA, "big.bin"), content, ct);
        var clock = Stopwatch.StartNew();
        await nodeA.ScanAsync(FolderId, null, ct);
        var target = Path.Combine(dataB, "big.bin");
        while (!(File.Exists(target) && SHA256.HashData(File.ReadAllBytes(target)).AsSpan().SequenceEqual(SHA256.HashData(content))))
        {
            await Task.Delay(100, ct);
        }

        // 3 MiB at 512 KiB/s with a 512 KiB burst: at least 5 s; unlimited on loopback it takes well under one.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4.5), $"pulled in {clock.Elapsed.TotalSeconds:F2} s");
    }
}
