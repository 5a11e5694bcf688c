using System.Security.Cryptography;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Mesh;

/// <summary>
/// Issue 4: three of our nodes A–B–C where A and C never connect. A change on A reaches C through B, and a change on
/// C reaches A: B pulls, records the version it took over unchanged, and announces it onwards.
/// </summary>
public sealed class ThreeNodeTests : IAsyncLifetime
{
    private const string FolderId = "mesh";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly InProcessRoot _root = new("st-mesh");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _root.DisposeAsync().AsTask();

    [Fact]
    public async Task ChangesTravelBetweenNodesThatNeverMeetThroughTheOneInBetween()
    {
        using var timeout = new CancellationTokenSource(Limit * 3);
        var ct = timeout.Token;
        var (a, b, c) = (Identity("a"), Identity("b"), Identity("c"));
        var nodeB = Start("b", b, [a, c]);
        var nodeA = Start("a", a, [b]);
        var nodeC = Start("c", c, [b]);
        var addressB = $"tcp://127.0.0.1:{nodeB.ListenEndpoints[0].Port}";
        await nodeA.DialAsync(b, addressB, ct);
        await nodeC.DialAsync(b, addressB, ct);

        // A → C
        var fromA = RandomBytes(700_000, 1);
        await File.WriteAllBytesAsync(DataPath("a", "from-a.bin"), fromA, ct);
        await nodeA.ScanAsync(FolderId, null, ct);
        await WaitForAsync(() => SameContent(DataPath("c", "from-a.bin"), fromA), "from-a.bin on C", ct);

        // C → A, into a new directory
        Directory.CreateDirectory(DataPath("c", "docs"));
        var fromC = RandomBytes(50_000, 2);
        await File.WriteAllBytesAsync(DataPath("c", "docs/from-c.bin"), fromC, ct);
        await nodeC.ScanAsync(FolderId, null, ct);
        await WaitForAsync(() => SameContent(DataPath("a", "docs/from-c.bin"), fromC), "docs/from-c.bin on A", ct);

        // An edit on A and a deletion on C cross each other through B.
        var edited = RandomBytes(800_000, 3);
        await File.WriteAllBytesAsync(DataPath("a", "from-a.bin"), edited, ct);
        await nodeA.ScanAsync(FolderId, null, ct);
        File.Delete(DataPath("c", "docs/from-c.bin"));
        await nodeC.ScanAsync(FolderId, null, ct);
        await WaitForAsync(
            () => SameContent(DataPath("c", "from-a.bin"), edited) && !File.Exists(DataPath("a", "docs/from-c.bin")) &&
                nodeA.Index.NeedCounts(FolderId).Files + nodeA.Index.NeedCounts(FolderId).Deleted + nodeC.Index.NeedCounts(FolderId).Files == 0,
            "the edit on C and the deletion on A, recorded in both indexes",
            ct);

        Assert.True(SameContent(DataPath("b", "from-a.bin"), edited));
        Assert.False(File.Exists(DataPath("b", "docs/from-c.bin")));
        Assert.Equal(nodeA.Index.GetGlobal(FolderId, "from-a.bin")!.Version, nodeC.Index.GetLocal(FolderId, "from-a.bin")!.Version);
        Assert.False(nodeA.Connections.TryGetConnection(c, out _));
    }

    private DeviceId Identity(string name) => InProcessNodes.Identity(_root.Path, name);

    private SyncNode Start(string name, DeviceId self, IReadOnlyList<DeviceId> peers)
    {
        var data = Directory.CreateDirectory(Path.Combine(_root.Path, name + "-data")).FullName;
        return _root.Add(InProcessNodes.Start(_root.Path, name, self, data, FolderId, peers));
    }

    private string DataPath(string node, string name) => Path.Combine(_root.Path, node + "-data", name);

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static bool SameContent(string path, byte[] expected) =>
        File.Exists(path) && SHA256.HashData(File.ReadAllBytes(path)).AsSpan().SequenceEqual(SHA256.HashData(expected));

    private static async Task WaitForAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(100, cancellationToken);
        }
    }
}
