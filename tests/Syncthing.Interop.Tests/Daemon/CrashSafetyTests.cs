using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Daemon;

/// <summary>
/// Issue 4, crash safety: the receiving daemon is killed with SIGKILL at random moments during a large pull, ten
/// times, and restarted each time. No file at its final path is ever partial or corrupt, the index reopens
/// consistently, and the sync completes with identical trees.
/// </summary>
public sealed class CrashSafetyTests : IAsyncLifetime
{
    private const string FolderId = "big";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private string _root = "";

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("st-crash").FullName;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ReceiverKilledTenTimesDuringAPull_NeverExposesAPartialFileAndFinishesIdentical()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        var random = new Random(2026);

        // The sender: an in-process node with 64 files of 8 MB and 300 small ones (only their hashes are kept).
        var senderData = Directory.CreateDirectory(Path.Combine(_root, "sender-data")).FullName;
        var expected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 64; i++)
        {
            expected[$"large/{i:D2}.bin"] = await WriteRandomAsync(senderData, $"large/{i:D2}.bin", 8 * 1024 * 1024, i, ct);
        }

        for (var i = 0; i < 300; i++)
        {
            expected[$"small/{i / 50}/{i:D3}.txt"] = await WriteRandomAsync(senderData, $"small/{i / 50}/{i:D3}.txt", 100 + (i * 37 % 3000), 1000 + i, ct);
        }

        var receiverHome = Path.Combine(_root, "receiver-home");
        var (exit, _, stderr) = await OurDaemon.RunAsync("generate", "--home", receiverHome, "--no-default-folder");
        Assert.True(exit == 0, stderr);
        var receiverId = DeviceIdentity.Load(receiverHome).Id;
        var senderHome = Path.Combine(_root, "sender-home");
        DeviceId senderId;
        using (var identity = DeviceIdentity.LoadOrCreate(senderHome, TimeProvider.System))
        {
            senderId = identity.Id;
        }

        // The sender is held to 24 MiB/s (on loopback, which counts as LAN, only with limitBandwidthInLan): the pull
        // of 512 MB then lasts about 20 s whatever the machine's speed, so every kill lands in the middle of it.
        var senderConfig = ConfigDefaults.Create(senderId, "sender", withDefaultFolder: false);
        senderConfig = senderConfig with
        {
            Options = senderConfig.Options with { MaxSendKbps = 24 * 1024, LimitBandwidthInLan = true },
            Devices = senderConfig.Devices.Add(new DeviceConfiguration { DeviceId = receiverId, Name = "receiver", Addresses = ValueList.Of("dynamic") }),
            Folders = ValueList.Of(Folder(senderData, senderId, receiverId)),
        };
        await using var sender = SyncNode.Start(senderHome, senderConfig, new IPEndPoint(IPAddress.Loopback, 0));
        await sender.ScanAsync(FolderId, null, ct);

        var receiverData = Path.Combine(_root, "receiver-data");
        var configPath = Path.Combine(receiverHome, "config.xml");
        var generated = await ConfigXml.LoadAsync(configPath, ct);
        var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
        var apiKey = ConfigDefaults.NewApiKey();
        var receiverConfig = ConfigDefaults.WithTestRigSettings(generated, $"tcp://127.0.0.1:{RealSyncthing.FreePort()}", gui, apiKey);
        receiverConfig = receiverConfig with
        {
            Devices = receiverConfig.Devices.Add(new DeviceConfiguration
            {
                DeviceId = senderId,
                Name = "sender",
                Addresses = ValueList.Of($"tcp://127.0.0.1:{sender.ListenEndpoints[0].Port}"),
            }),
            Folders = ValueList.Of(Folder(receiverData, receiverId, senderId)),
        };
        await ConfigXml.SaveAsync(receiverConfig, configPath, ct);
        var guiBase = new Uri($"http://{gui}/");

        var kills = 0;
        var killedMidPull = 0;
        var partialSeen = new List<string>();
        while (kills < 10)
        {
            var daemon = await OurDaemon.StartAsync(["serve", "--home", receiverHome], guiBase, apiKey, ct);
            await WaitUntilSyncingAsync(guiBase, apiKey, ct);
            await Task.Delay(random.Next(0, 400), ct);
            await daemon.DisposeAsync(); // SIGKILL
            kills++;
            partialSeen.AddRange(CheckFinalPaths(receiverData, expected));
            if (expected.Keys.Any(name => !File.Exists(Path.Combine(receiverData, name))))
            {
                killedMidPull++;
            }
        }

        Assert.Empty(partialSeen);
        Assert.True(killedMidPull >= 5, $"only {killedMidPull} of the kills interrupted the pull");

        // The last start completes the sync; the index agrees with the disk.
        var final = await OurDaemon.StartAsync(["serve", "--home", receiverHome], guiBase, apiKey, ct);
        try
        {
            using var http = new HttpClient { BaseAddress = guiBase };
            http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
            var deadline = DateTime.UtcNow + Limit;
            JsonNode status;
            while (true)
            {
                status = JsonNode.Parse(await http.GetStringAsync($"rest/db/status?folder={FolderId}", ct))!;
                if ((long)status["needTotalItems"]! == 0 && (long)status["localFiles"]! == expected.Count && (string?)status["state"] == "idle")
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the final sync: " + status.ToJsonString());
                await Task.Delay(200, ct);
            }

            Assert.Equal((long)status["globalBytes"]!, (long)status["localBytes"]!);
            Assert.Equal((long)status["globalFiles"]!, (long)status["localFiles"]!);
            Assert.Empty(CheckFinalPaths(receiverData, expected));
            foreach (var (name, content) in expected)
            {
                Assert.True(File.Exists(Path.Combine(receiverData, name)), name + " is missing");
            }

            Assert.Equal(0, await final.StopAsync());
        }
        finally
        {
            await final.DisposeAsync();
        }
    }

    /// <summary>Waits (bounded) until the receiver reports its folder syncing, or has nothing left to pull.</summary>
    private static async Task WaitUntilSyncingAsync(Uri guiBase, string apiKey, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = guiBase };
        http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var status = JsonNode.Parse(await http.GetStringAsync($"rest/db/status?folder={FolderId}", ct))!;
            if ((string?)status["state"] == "syncing" || ((long)status["globalFiles"]! > 0 && (long)status["needTotalItems"]! == 0))
            {
                return;
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>Every file present at its final path must be complete and correct; returns the names that are not.</summary>
    private static IEnumerable<string> CheckFinalPaths(string data, Dictionary<string, byte[]> expected)
    {
        var bad = new List<string>();
        foreach (var (name, content) in expected)
        {
            var path = Path.Combine(data, name);
            if (File.Exists(path) && !SHA256.HashData(File.ReadAllBytes(path)).AsSpan().SequenceEqual(content))
            {
                bad.Add(name);
            }
        }

        return bad;
    }

    private static async Task<byte[]> WriteRandomAsync(string root, string name, int length, int seed, CancellationToken ct)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        var path = Path.Combine(root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes, ct);
        return SHA256.HashData(bytes);
    }

    private static FolderConfiguration Folder(string path, DeviceId self, DeviceId peer) => new()
    {
        Id = FolderId,
        Label = FolderId,
        Path = path,
        FsWatcherEnabled = false,
        RescanIntervalS = 3600,
        Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = self }, new FolderDeviceConfiguration { DeviceId = peer }),
    };
}
