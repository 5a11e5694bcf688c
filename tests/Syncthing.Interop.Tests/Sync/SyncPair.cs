using System.Net;
using System.Text.Json.Nodes;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Model;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Sync;

/// <summary>
/// Real Syncthing 1.19.2 and our node on 127.0.0.1 sharing send-receive folders (one data directory per folder on
/// each side, under a temp root), each knowing the other's address so that either can reconnect. Disposing stops
/// both and deletes the root.
/// </summary>
internal sealed class SyncPair : IAsyncDisposable
{
    private SyncPair(string root, RealSyncthing real, SyncNode node, DeviceId realId, DeviceId ourId, int realPort)
    {
        Root = root;
        Real = real;
        Node = node;
        RealId = realId;
        OurId = ourId;
        RealAddress = $"tcp://127.0.0.1:{realPort}";
    }

    public string Root { get; }

    public RealSyncthing Real { get; }

    public SyncNode Node { get; }

    public DeviceId RealId { get; }

    public DeviceId OurId { get; }

    public string RealAddress { get; }

    /// <summary>Where <paramref name="folder"/> lives on real Syncthing's side.</summary>
    public string RealPath(string folder) => Path.Combine(Root, "real", folder);

    /// <summary>Where <paramref name="folder"/> lives on our side.</summary>
    public string OurPath(string folder) => Path.Combine(Root, "ours", folder);

    /// <summary>Starts both sides with <paramref name="folders"/> shared (watchers as given, delay 1 s) and connects them.</summary>
    public static async Task<SyncPair> StartAsync(IReadOnlyList<string> folders, bool watchers, CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("st-sync-interop").FullName;
        foreach (var f in folders)
        {
            Directory.CreateDirectory(Path.Combine(root, "real", f));
            Directory.CreateDirectory(Path.Combine(root, "ours", f));
        }

        var realHome = Path.Combine(root, "real-home");
        var realId = await RealSyncthing.GenerateAsync(realHome, noDefaultFolder: true);
        var ourHome = Path.Combine(root, "our-home");
        Directory.CreateDirectory(ourHome);
        DeviceId ourId;
        using (var created = DeviceIdentity.Create(ourHome, TimeProvider.System))
        {
            ourId = created.Id;
        }

        var realPort = RealSyncthing.FreePort();
        var ourConfig = ConfigDefaults.Create(ourId, "ours", withDefaultFolder: false) with
        {
            Folders = ValueList.Of([.. folders.Select(f => Folder(f, Path.Combine(root, "ours", f), ourId, realId, watchers))]),
        };
        ourConfig = ourConfig with
        {
            Devices = ourConfig.Devices.Add(new DeviceConfiguration { DeviceId = realId, Name = "real", Addresses = ValueList.Of($"tcp://127.0.0.1:{realPort}") }),
        };
        var node = SyncNode.Start(ourHome, ourConfig, new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            var ourPort = node.ListenEndpoints[0].Port;
            var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
            var apiKey = ConfigDefaults.NewApiKey();
            var realConfig = ConfigDefaults.WithTestRigSettings(
                ConfigDefaults.Create(realId, "real", withDefaultFolder: false, "/unused", apiKey), $"tcp://127.0.0.1:{realPort}", gui, apiKey);
            realConfig = realConfig with
            {
                Folders = ValueList.Of([.. folders.Select(f => Folder(f, Path.Combine(root, "real", f), realId, ourId, watchers))]),
                Devices = realConfig.Devices.Add(new DeviceConfiguration { DeviceId = ourId, Name = "ours", Addresses = ValueList.Of($"tcp://127.0.0.1:{ourPort}") }),
            };
            await ConfigXml.SaveAsync(realConfig, Path.Combine(realHome, "config.xml"), ct);
            var real = await RealSyncthing.StartAsync(realHome, gui, apiKey, ct);
            var pair = new SyncPair(root, real, node, realId, ourId, realPort);
            await pair.ConnectAsync(ct);
            return pair;
        }
        catch
        {
            await node.DisposeAsync();
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>Dials real Syncthing (unless already connected) and waits until both sides see the connection.</summary>
    public async Task ConnectAsync(CancellationToken ct)
    {
        if (OurConnection() is null)
        {
            try
            {
                await Node.DialAsync(RealId, RealAddress, ct);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                // Real Syncthing may have dialed us at the same moment; the wait below decides.
            }
        }

        await Until(async () => OurConnection() is not null && (bool?)(await RealConnectionAsync(ct))?["connected"] == true, "the connection", ct);
    }

    /// <summary>Our node's connection to real Syncthing, or null.</summary>
    public DeviceConnectionInfo? OurConnection() =>
        Node.Model.GetConnections().FirstOrDefault(c => c.DeviceId == RealId && c.Connected);

    /// <summary>Real Syncthing's view of its connection to us (/rest/system/connections), or null.</summary>
    public async Task<JsonNode?> RealConnectionAsync(CancellationToken ct) =>
        JsonNode.Parse(await Real.GetAsync("rest/system/connections", ct))!["connections"]?[OurId.ToString()];

    public async Task<JsonNode> RealFolderStatusAsync(string folder, CancellationToken ct) =>
        JsonNode.Parse(await Real.GetAsync($"rest/db/status?folder={folder}", ct))!;

    /// <summary>Polls <paramref name="condition"/> every 250 ms until it holds; the token bounds the wait.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        while (!await condition())
        {
            if (ct.IsCancellationRequested)
            {
                Assert.Fail("Timed out waiting for " + what);
            }

            try
            {
                await Task.Delay(250, ct);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("Timed out waiting for " + what);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Node.DisposeAsync();
        }
        finally
        {
            await Real.DisposeAsync();
            Directory.Delete(Root, recursive: true);
        }
    }

    private static FolderConfiguration Folder(string id, string path, DeviceId self, DeviceId peer, bool watcher) => new()
    {
        Id = id,
        Label = id,
        Path = path,
        Type = FolderType.SendReceive,
        FsWatcherEnabled = watcher,
        FsWatcherDelayS = 1,
        RescanIntervalS = 3600,
        Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = self }, new FolderDeviceConfiguration { DeviceId = peer }),
    };
}
