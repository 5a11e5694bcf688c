using System.Net;
using System.Security.Cryptography;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Scanner;
using Syncthing.Interop.Tests.Infrastructure;
using FileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Interop.Tests.Protocol;

/// <summary>Issue 2 acceptance: our BEP stack against real Syncthing 1.19.2, in both directions.</summary>
public sealed class BepInteropTests(RealPeerFixture peer) : IClassFixture<RealPeerFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [SyncthingFact]
    public async Task OurNodeDialsRealSyncthingAndDecodesItsFullIndex()
    {
        using var timeout = new CancellationTokenSource(Limit);
        using var identity = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        await peer.AddDeviceAsync(identity.Id, "dynamic", share: true, timeout.Token);
        var probe = new ProbePeer(identity.Id, RealPeerFixture.FolderId, [peer.SyncthingId]);
        CaptureStream? capture = null;
        var options = new ConnectionOptions { WrapStream = (_, s) => capture = new CaptureStream(s) };
        await using var service = new ConnectionService(identity.Certificate, probe, options);

        var connection = await service.DialAsync(peer.SyncthingId, $"tcp://{peer.SyncthingEndpoint}", timeout.Token);

        Assert.Equal("syncthing", connection.RemoteHello.ClientName);
        Assert.StartsWith("v1.19.2", connection.RemoteHello.ClientVersion, StringComparison.Ordinal);
        Assert.Equal("real", connection.RemoteHello.DeviceName);
        await AssertConnectedAsRealSeesIt(identity.Id, timeout.Token);
        await WaitForFullIndexAsync(probe, timeout.Token);
        AssertIndexMatchesDisk(probe);
        AssertSomeIndexMessagesWereCompressed(capture!.ReadBytes());
    }

    [SyncthingFact]
    public async Task RealSyncthingDialsOurNodeAndWeDecodeItsFullIndex()
    {
        using var timeout = new CancellationTokenSource(Limit);
        using var identity = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        var probe = new ProbePeer(identity.Id, RealPeerFixture.FolderId, [peer.SyncthingId]);
        await using var service = new ConnectionService(identity.Certificate, probe);
        var listening = service.Listen(new IPEndPoint(IPAddress.Loopback, 0));

        await peer.AddDeviceAsync(identity.Id, $"tcp://{listening}", share: true, timeout.Token);

        await RealPeerFixture.WaitAsync(() => Task.FromResult(!probe.Connected.IsEmpty), "the real peer to dial us", timeout.Token);
        await AssertConnectedAsRealSeesIt(identity.Id, timeout.Token);
        // Real Syncthing redials every second (reconnectionIntervalS 1) until a connection finished its Hello, so on a
        // slow machine a second dial may arrive and be closed as a duplicate: exactly one stays open.
        await RealPeerFixture.WaitAsync(() => Task.FromResult(probe.Connected.Count(c => !c.IsClosed) == 1), "one open connection", timeout.Token);
        var connection = Assert.Single(probe.Connected, c => !c.IsClosed);
        Assert.All(probe.Connected, c => Assert.False(c.IsOutgoing));
        Assert.Equal(peer.SyncthingId, connection.RemoteDevice);
        await WaitForFullIndexAsync(probe, timeout.Token);
        AssertIndexMatchesDisk(probe);
        // 1.19 resends its ClusterConfig after config changes; the latest one shares the folder with us.
        var folder = Assert.Single(probe.ClusterConfigs.Last().Folders);
        Assert.Equal(RealPeerFixture.FolderId, folder.Id);
        var listed = folder.Devices.Select(d => DeviceId.FromBytes(d.Id.Span)).ToList();
        Assert.Contains(identity.Id, listed); // both ends are listed, as BEP requires
        Assert.Contains(peer.SyncthingId, listed);
    }

    [SyncthingFact]
    public async Task RealSyncthingRefusesADeviceItDoesNotKnow()
    {
        using var timeout = new CancellationTokenSource(Limit);
        using var stranger = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        var probe = new ProbePeer(stranger.Id, RealPeerFixture.FolderId, [peer.SyncthingId]);
        await using var service = new ConnectionService(stranger.Certificate, probe);

        var connection = await service.DialAsync(peer.SyncthingId, $"tcp://{peer.SyncthingEndpoint}", timeout.Token);

        // 1.19 still sends its Hello, without its device name, then hangs up.
        Assert.Equal(string.Empty, connection.RemoteHello.DeviceName);
        var reason = await connection.Closed.WaitAsync(timeout.Token);
        Assert.False(string.IsNullOrEmpty(reason));
        Assert.Empty(probe.Files);
        await RealPeerFixture.WaitAsync(
            async () => (await peer.Syncthing.GetAsync("rest/cluster/pending/devices", timeout.Token)).Contains(stranger.Id.ToString(), StringComparison.Ordinal),
            "the refused device to be listed as pending",
            timeout.Token);
    }

    [SyncthingFact]
    public async Task WeRefuseARealSyncthingWeDoNotKnow()
    {
        using var timeout = new CancellationTokenSource(Limit);
        using var identity = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        var probe = new ProbePeer(identity.Id, RealPeerFixture.FolderId, known: []);
        await using var service = new ConnectionService(identity.Certificate, probe);
        var listening = service.Listen(new IPEndPoint(IPAddress.Loopback, 0));

        await peer.AddDeviceAsync(identity.Id, $"tcp://{listening}", share: false, timeout.Token);

        await RealPeerFixture.WaitAsync(() => Task.FromResult(!probe.Rejected.IsEmpty), "the real peer's dial to be refused", timeout.Token);
        var (device, hello, why) = probe.Rejected.First();
        Assert.Equal(peer.SyncthingId, device);
        Assert.Equal("syncthing", hello.ClientName);
        Assert.Equal("unknown device", why);
        Assert.Empty(probe.Connected);
        // Real Syncthing may count the connection for a moment between its handshake and our close.
        await RealPeerFixture.WaitAsync(
            async () => (bool?)(await peer.ConnectionAsync(identity.Id, timeout.Token))?["connected"] == false,
            "the real peer to report the refused connection as not connected",
            timeout.Token);
        Assert.Empty(probe.Connected);
    }

    private async Task AssertConnectedAsRealSeesIt(DeviceId us, CancellationToken cancellationToken)
    {
        await RealPeerFixture.WaitAsync(
            async () => (bool?)(await peer.ConnectionAsync(us, cancellationToken))?["connected"] == true,
            "the real peer to report us connected",
            cancellationToken);
        var seen = (await peer.ConnectionAsync(us, cancellationToken))!;
        var expected = new ConnectionOptions();
        Assert.Equal($"{expected.ClientName} {expected.ClientVersion}", (string?)seen["clientVersion"]);
        Assert.StartsWith("TLS1.3", (string?)seen["crypto"], StringComparison.Ordinal);
    }

    private static async Task WaitForFullIndexAsync(ProbePeer probe, CancellationToken cancellationToken) =>
        await RealPeerFixture.WaitAsync(
            () => Task.FromResult(probe.Files.Count >= RealPeerFixture.FileCount + RealPeerFixture.DirectoryCount),
            "the real peer's full index",
            cancellationToken);

    private void AssertIndexMatchesDisk(ProbePeer probe)
    {
        Assert.Equal(RealPeerFixture.FileCount + RealPeerFixture.DirectoryCount, probe.Files.Count);
        Assert.False(probe.IndexMessages.First().IsUpdate); // the first message of a full index is an Index
        var fs = new BasicFileSystem(peer.DataPath);
        var sequences = new HashSet<long>();
        var realShort = peer.SyncthingId.Short.Value;
        foreach (var file in probe.Files.Values)
        {
            var disk = fs.Lstat(file.Name);
            Assert.True(sequences.Add(file.Sequence), $"duplicate sequence {file.Sequence}");
            Assert.True(file.Sequence > 0);
            Assert.Equal(realShort, file.ModifiedBy);
            var counter = Assert.Single(file.Version.Counters);
            Assert.Equal(realShort, counter.Id);
            Assert.True(counter.Value > 1_600_000_000UL, "1.19 counters carry the time");
            Assert.False(file.Deleted);
            Assert.False(file.Invalid);
            Assert.Equal(disk.Permissions & 0x1FF, file.Permissions);
            Assert.Equal(disk.Modified.Seconds, file.ModifiedS);
            Assert.Equal(disk.Modified.Nanoseconds, file.ModifiedNs);
            if (disk.Kind == Syncthing.Engine.Fs.FileEntryKind.Directory)
            {
                Assert.Equal(FileInfoType.Directory, file.Type);
                Assert.Empty(file.Blocks);
                Assert.Equal(0, file.Size);
                continue;
            }

            Assert.Equal(FileInfoType.File, file.Type);
            Assert.Equal(disk.Size, file.Size);
            AssertBlocksMatch(file, File.ReadAllBytes(Path.Combine(peer.DataPath, file.Name)));
        }

        Assert.Equal(5, probe.Files.Values.Count(f => f.Type == FileInfoType.File && f.Size == 0));
        Assert.Contains(probe.Files.Values, f => f.Size > 10_000_000);
        Assert.Contains(probe.Files.Keys, n => n.Count(c => c == '/') == 2);
    }

    private static void AssertBlocksMatch(FileInfo file, byte[] data)
    {
        Assert.Equal(BlockSizeRule.ForFileSize(data.Length), file.BlockSize);
        var expectedBlocks = data.Length == 0 ? 1 : (data.Length + file.BlockSize - 1) / file.BlockSize;
        Assert.Equal(expectedBlocks, file.Blocks.Count);
        for (var i = 0; i < file.Blocks.Count; i++)
        {
            var block = file.Blocks[i];
            Assert.Equal((long)i * file.BlockSize, block.Offset);
            var chunk = data.AsSpan((int)block.Offset, block.Size);
            Assert.Equal(SHA256.HashData(chunk), block.Hash.ToByteArray());
            Assert.Equal(chunk.Length == 0 ? 0u : Adler32.Compute(chunk), block.WeakHash); // the empty block has weak hash 0
        }

        Assert.Equal(data.Length, file.Blocks.Sum(b => (long)b.Size));
    }

    /// <summary>Parses the captured post-Hello byte stream; 1.19 compresses index messages (metadata mode).</summary>
    private static void AssertSomeIndexMessagesWereCompressed(byte[] captured)
    {
        var frames = FrameReplay.Read(captured);
        var compressedIndexes = frames.Where(f => f.Message.Type is MessageType.Index or MessageType.IndexUpdate && f.Message.Compressed).ToList();
        Assert.NotEmpty(compressedIndexes);
        FrameReplay.SaveGoldenIfRequested(frames.Where(f => f.Message.Compressed).Select(f => (f.Message.Type, f.Raw)));
    }
}
