using System.Security.Cryptography;
using Google.Protobuf;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Interop.Tests.Infrastructure;
using Syncthing.Interop.Tests.Protocol;
using WireFileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Interop.Tests.Hostile;

/// <summary>
/// Issue 4: a hostile peer announces names that escape the folder (<c>..</c>, absolute, backslashes, NUL), a name
/// through a symlinked directory, and serves blocks whose data does not match their hash. Nothing is written outside
/// the folder, bad data is never committed, the errors are reported, and sync with a good peer goes on.
/// </summary>
public sealed class HostilePeerTests : IAsyncLifetime
{
    private const string FolderId = "shared";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> _disposables = [];
    private string _root = "";

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("st-hostile").FullName;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_disposables))
        {
            await d.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task HostileAnnouncementsAndBadBlocksNeverReachTheDiskAndGoodSyncGoesOn()
    {
        using var timeout = new CancellationTokenSource(Limit * 3);
        var ct = timeout.Token;
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        var ourData = Directory.CreateDirectory(Path.Combine(_root, "ours")).FullName;
        System.IO.File.CreateSymbolicLink(Path.Combine(ourData, "link"), outside);
        using var hostileIdentity = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        var hostile = hostileIdentity.Id;
        var ourId = IdentityOf("ours");
        var goodId = IdentityOf("good");
        var ours = Start("ours", ourId, ourData, [goodId, hostile]);
        var goodData = Directory.CreateDirectory(Path.Combine(_root, "good")).FullName;
        var good = Start("good", goodId, goodData, [ourId]);
        var ourAddress = $"tcp://127.0.0.1:{ours.ListenEndpoints[0].Port}";
        await good.DialAsync(ourId, ourAddress, ct);

        // 1. Names that must never be accepted: the connection is closed with a reason; nothing lands anywhere.
        var probe = new ProbePeer(hostile, FolderId, [ourId]);
        var service = new ConnectionService(hostileIdentity.Certificate, probe);
        _disposables.Add(service);
        await service.DialAsync(ourId, ourAddress, ct);
        var connection = await WaitForAsync(() => probe.Connected.TryPeek(out var c) ? c : null, "the hostile connection", ct);
        await WaitForAsync(() => probe.ClusterConfigs.IsEmpty ? null : "ok", "our ClusterConfig", ct);
        await connection.SendAsync(new Syncthing.Engine.Protocol.Wire.Index
        {
            Folder = FolderId,
            Files = { File("../escape.txt", 1), File("/etc/evil", 2), File("a\\b", 3), File("nul\0name", 4) },
        }, ct);
        var reason = await probe.ClosedReason.Task.WaitAsync(Limit, ct);
        Assert.False(string.IsNullOrEmpty(reason));

        // 2. Valid names, hostile content: a file behind our symlink, and a file whose blocks are garbage.
        var probe2 = new ProbePeer(hostile, FolderId, [ourId])
        {
            Answer = request => new Response { Data = ByteString.CopyFrom(new byte[request.Size]) },
        };
        var service2 = new ConnectionService(hostileIdentity.Certificate, probe2);
        _disposables.Add(service2);
        await WaitForAsync(() => ours.Connections.TryGetConnection(hostile, out _) ? null : "gone", "the first hostile connection to close", ct);
        await service2.DialAsync(ourId, ourAddress, ct);
        var connection2 = await WaitForAsync(() => probe2.Connected.TryPeek(out var c) ? c : null, "the second hostile connection", ct);
        await WaitForAsync(() => probe2.ClusterConfigs.IsEmpty ? null : "ok", "our second ClusterConfig", ct);
        await connection2.SendAsync(new Syncthing.Engine.Protocol.Wire.Index
        {
            Folder = FolderId,
            Files = { File("link/evil.txt", 5), File("bad.bin", 6) },
        }, ct);
        var runner = ours.GetRunner(FolderId)!;
        await WaitForAsync(
            () => runner.PullErrors.Any(e => e.Name == "bad.bin") && runner.PullErrors.Any(e => e.Name == "link/evil.txt") ? "ok" : null,
            "both hostile items to be reported", ct);
        Assert.False(probe2.Requests.IsEmpty);

        // Sync with the good peer goes on.
        var content = new byte[200_000];
        new Random(7).NextBytes(content);
        await System.IO.File.WriteAllBytesAsync(Path.Combine(goodData, "good.bin"), content, ct);
        await good.ScanAsync(FolderId, null, ct);
        var arrived = Path.Combine(ourData, "good.bin");
        await WaitForAsync(() => System.IO.File.Exists(arrived) && System.IO.File.ReadAllBytes(arrived).AsSpan().SequenceEqual(content) ? "ok" : null, "good.bin", ct);

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.False(System.IO.File.Exists(Path.Combine(_root, "escape.txt")));
        Assert.False(System.IO.File.Exists(Path.Combine(ourData, "bad.bin")));
        Assert.Null(ours.Index.GetLocal(FolderId, "bad.bin"));
        Assert.Null(ours.Index.GetLocal(FolderId, "link/evil.txt"));
    }

    private static WireFileInfo File(string name, int seed)
    {
        var data = new byte[1000];
        new Random(seed).NextBytes(data);
        return new WireFileInfo
        {
            Name = name,
            Type = FileInfoType.File,
            Size = data.Length,
            Permissions = 0x1A4,
            ModifiedS = 1_700_000_000,
            Version = new Vector { Counters = { new Counter { Id = 42, Value = 1_700_000_000 } } },
            Sequence = seed,
            BlockSize = 128 * 1024,
            Blocks = { new BlockInfo { Offset = 0, Size = data.Length, Hash = ByteString.CopyFrom(SHA256.HashData(data)) } },
        };
    }

    private DeviceId IdentityOf(string name) => InProcessNodes.Identity(_root, name);

    private SyncNode Start(string name, DeviceId self, string data, IReadOnlyList<DeviceId> peers)
    {
        var node = InProcessNodes.Start(_root, name, self, data, FolderId, peers);
        _disposables.Add(node);
        return node;
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, string what, CancellationToken cancellationToken)
        where T : class
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(100, cancellationToken);
        }
    }
}
