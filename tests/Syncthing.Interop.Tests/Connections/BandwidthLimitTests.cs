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
    private readonly List<SyncNode> _nodes = [];
    private string _root = "";

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("st-limit").FullName;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_send_limit_set_on_a_running_node_holds_the_pull_to_its_rate()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        var (a, b) = (InProcessNodes.Identity(_root, "a"), InProcessNodes.Identity(_root, "b"));
        var dataA = Directory.CreateDirectory(Path.Combine(_root, "a-data")).FullName;
        var dataB = Directory.CreateDirectory(Path.Combine(_root, "b-data")).FullName;
        var nodeA = InProcessNodes.Start(_root, "a", a, dataA, FolderId, [b]);
        _nodes.Add(nodeA);
        var nodeB = InProcessNodes.Start(_root, "b", b, dataB, FolderId, [a]);
        _nodes.Add(nodeB);

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
