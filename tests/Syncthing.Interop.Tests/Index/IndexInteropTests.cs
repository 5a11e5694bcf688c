using System.Net;
using System.Text.Json.Nodes;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Infrastructure;
using Syncthing.Interop.Tests.Protocol;

namespace Syncthing.Interop.Tests.Index;

/// <summary>
/// Issue 3: our node scans a folder of more than 1,000 items and shares it with real Syncthing 1.19.2, which must
/// see the same global counts as our index and report our device 100 % complete; later changes travel as
/// IndexUpdates carrying only the changed items, and a reconnect with nothing changed sends nothing.
/// </summary>
public sealed class IndexInteropTests : IAsyncLifetime
{
    private const string FolderId = "share";
    private string _root = "";

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("st-index-interop").FullName;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [SyncthingFact]
    public async Task RealSyncthingSeesOurIndexAndReceivesOnlyUpdates()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var ct = timeout.Token;
        var ourData = Directory.CreateDirectory(Path.Combine(_root, "ours")).FullName;
        var realData = Directory.CreateDirectory(Path.Combine(_root, "real")).FullName;
        var itemCount = WriteTree(ourData);
        Assert.True(itemCount >= 1000);

        // Real Syncthing, receive-only so it never announces changes of its own to us.
        var realHome = Path.Combine(_root, "real-home");
        var realId = await RealSyncthing.GenerateAsync(realHome, noDefaultFolder: true);
        var ourHome = Path.Combine(_root, "our-home");
        Directory.CreateDirectory(ourHome);
        DeviceId ourId;
        using (var created = DeviceIdentity.Create(ourHome, TimeProvider.System))
        {
            ourId = created.Id;
        }

        var realPort = RealSyncthing.FreePort();
        var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
        var apiKey = ConfigDefaults.NewApiKey();
        var realConfig = ConfigDefaults.WithTestRigSettings(
            ConfigDefaults.Create(realId, "real", withDefaultFolder: false, "/unused", apiKey), $"tcp://127.0.0.1:{realPort}", gui, apiKey);
        realConfig = realConfig with
        {
            Folders = ValueList.Of(Folder(realData, FolderType.ReceiveOnly, realId, ourId)),
            Devices = realConfig.Devices.Add(new DeviceConfiguration { DeviceId = ourId, Name = "ours", Addresses = ValueList.Of("dynamic") }),
        };
        await ConfigXml.SaveAsync(realConfig, Path.Combine(realHome, "config.xml"), ct);
        await using var real = await RealSyncthing.StartAsync(realHome, gui, apiKey, ct);

        var ourConfig = ConfigDefaults.Create(ourId, "ours", withDefaultFolder: false) with
        {
            Folders = ValueList.Of(Folder(ourData, FolderType.SendOnly, ourId, realId)),
        };
        ourConfig = ourConfig with
        {
            Devices = ourConfig.Devices.Add(new DeviceConfiguration { DeviceId = realId, Name = "real", Addresses = ValueList.Of($"tcp://127.0.0.1:{realPort}") }),
        };

        var node = SyncNode.Start(ourHome, ourConfig, new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            var scan = await node.ScanAsync(FolderId, null, ct);
            Assert.Empty(scan.Errors);
            var ours = node.Index.GlobalCounts(FolderId);
            Assert.Equal(itemCount, ours.Files + ours.Directories + ours.Symlinks);

            await node.DialAsync(realId, $"tcp://127.0.0.1:{realPort}", ct);
            // Our index travels in several messages and real Syncthing commits each as it comes: wait until every
            // count matches (the last file may arrive before the last directory or the symlink), then assert each.
            await RealPeerFixture.WaitAsync(
                async () =>
                {
                    var seen = Status(await real.GetAsync($"rest/db/status?folder={FolderId}", ct));
                    return (long?)seen["globalFiles"] == ours.Files && (long?)seen["globalDirectories"] == ours.Directories
                        && (long?)seen["globalSymlinks"] == ours.Symlinks && (long?)seen["globalDeleted"] == ours.Deleted
                        && (long?)seen["globalBytes"] == ours.Bytes;
                },
                "the real peer to see our whole index", ct);
            var status = Status(await real.GetAsync($"rest/db/status?folder={FolderId}", ct));
            Assert.Equal(ours.Files, (long)status["globalFiles"]!);
            Assert.Equal(ours.Directories, (long)status["globalDirectories"]!);
            Assert.Equal(ours.Symlinks, (long)status["globalSymlinks"]!);
            Assert.Equal(ours.Deleted, (long)status["globalDeleted"]!);
            Assert.Equal(ours.Bytes, (long)status["globalBytes"]!);
            var completion = Status(await real.GetAsync($"rest/db/completion?folder={FolderId}&device={ourId}", ct));
            Assert.Equal(100.0, (double)completion["completion"]!);

            // Changes: add, change, delete; only those three items may travel, as IndexUpdates.
            var since = await LastEventIdAsync(real, ct);
            File.WriteAllText(Path.Combine(ourData, "added.txt"), "new file");
            File.AppendAllText(Path.Combine(ourData, "d00", "f000.txt"), " appended");
            File.Delete(Path.Combine(ourData, "d01", "f002.txt"));
            var rescan = await node.ScanAsync(FolderId, null, ct);
            Assert.Equal(1, rescan.New);
            Assert.Equal(1, rescan.Changed);
            Assert.Equal(1, rescan.Deleted);
            await RealPeerFixture.WaitAsync(
                async () => (long?)Status(await real.GetAsync($"rest/db/status?folder={FolderId}", ct))["globalDeleted"] == 1,
                "the deletion to reach the real peer", ct);
            var updates = await RemoteIndexEventsAsync(real, since, ourId, expectItems: 3, ct);
            Assert.Equal(3, updates.Sum(e => (int)e["data"]!["items"]!));

            // Reconnect with nothing changed: the same index ID and sequence, so nothing is sent.
            await node.DisposeAsync();
            await RealPeerFixture.WaitAsync(
                async () => (bool?)(await ConnectionAsync(real, ourId, ct))?["connected"] == false, "the disconnect", ct);
            since = await LastEventIdAsync(real, ct);
            node = SyncNode.Start(ourHome, ourConfig, new IPEndPoint(IPAddress.Loopback, 0));
            await node.DialAsync(realId, $"tcp://127.0.0.1:{realPort}", ct);
            await RealPeerFixture.WaitAsync(
                async () => (bool?)(await ConnectionAsync(real, ourId, ct))?["connected"] == true, "the reconnect", ct);
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var afterReconnect = await RemoteIndexEventsAsync(real, since, ourId, expectItems: 0, ct);
            Assert.Empty(afterReconnect);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static FolderConfiguration Folder(string path, FolderType type, DeviceId a, DeviceId b) => new()
    {
        Id = FolderId,
        Label = FolderId,
        Path = path,
        Type = type,
        FsWatcherEnabled = false,
        RescanIntervalS = 3600,
        Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = a }, new FolderDeviceConfiguration { DeviceId = b }),
    };

    private static JsonNode Status(string json) => JsonNode.Parse(json)!;

    private static async Task<JsonNode?> ConnectionAsync(RealSyncthing real, DeviceId device, CancellationToken ct) =>
        Status(await real.GetAsync("rest/system/connections", ct))["connections"]?[device.ToString()];

    private static async Task<long> LastEventIdAsync(RealSyncthing real, CancellationToken ct)
    {
        // Event IDs count per event filter in 1.19, so ask the same filtered subscription the checks use.
        var events = Status(await real.GetAsync("rest/events?events=RemoteIndexUpdated&since=0&timeout=0", ct)).AsArray();
        return events.Count == 0 ? 0 : (long)events[^1]!["id"]!;
    }

    /// <summary>RemoteIndexUpdated events from <paramref name="device"/> after <paramref name="since"/>, waiting until they carry the expected items.</summary>
    private static async Task<List<JsonNode>> RemoteIndexEventsAsync(RealSyncthing real, long since, DeviceId device, int expectItems, CancellationToken ct)
    {
        var found = new List<JsonNode>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(expectItems == 0 ? 2 : 30);
        while (DateTime.UtcNow < deadline)
        {
            var batch = Status(await real.GetAsync($"rest/events?events=RemoteIndexUpdated&since={since}&timeout=1", ct)).AsArray();
            foreach (var e in batch)
            {
                since = Math.Max(since, (long)e!["id"]!);
                if ((string?)e["data"]!["device"] == device.ToString())
                {
                    found.Add(e.DeepClone());
                }
            }

            if (expectItems > 0 && found.Sum(e => (int)e["data"]!["items"]!) >= expectItems)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>30 directories with a nested level, 1,050 small files, empty files, a 100 MB file, Unicode names and a symlink.</summary>
    private static int WriteTree(string root)
    {
        var rng = new Random(7);
        var items = 0;
        for (var d = 0; d < 30; d++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, $"d{d:D2}", "sub")).Parent!.FullName;
            items += 2;
            for (var f = 0; f < 35; f++)
            {
                var data = new byte[f % 7 == 0 ? 0 : rng.Next(1, 20_000)];
                rng.NextBytes(data);
                File.WriteAllBytes(Path.Combine(f % 2 == 0 ? dir : Path.Combine(dir, "sub"), $"f{f:D3}.txt"), data);
                items++;
            }
        }

        var unicode = Directory.CreateDirectory(Path.Combine(root, "Ünïcødé")).FullName;
        File.WriteAllText(Path.Combine(unicode, "файл-日本語.txt"), "unicode");
        items += 2;
        var big = new byte[100 * 1024 * 1024];
        rng.NextBytes(big);
        File.WriteAllBytes(Path.Combine(root, "big.bin"), big);
        items++;
        File.CreateSymbolicLink(Path.Combine(root, "link-to-d00"), "d00");
        items++;
        return items;
    }
}
