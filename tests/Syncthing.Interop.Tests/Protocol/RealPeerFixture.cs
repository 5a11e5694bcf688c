using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Protocol;

/// <summary>
/// One real Syncthing 1.19.2 on 127.0.0.1 (discovery, relays, NAT and usage reporting off) sharing folder
/// <see cref="FolderId"/>, which holds a tree of 206 files (nested directories, five empty files, one 12 MB file).
/// Tests add their own devices through its REST API, so they do not disturb each other.
/// </summary>
public sealed class RealPeerFixture : IAsyncLifetime
{
    public const string FolderId = "probe";
    public const int DirectoryCount = 20;
    public const int FileCount = 206;

    private string _root = "";

    internal RealSyncthing Syncthing { get; private set; } = null!;

    public DeviceId SyncthingId { get; private set; }

    public IPEndPoint SyncthingEndpoint { get; private set; } = null!;

    public string DataPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (SyncthingBinary.Path is null && !SyncthingBinary.InCi)
        {
            return; // every test in the class is reported as skipped
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        _root = Directory.CreateTempSubdirectory("st-bep-interop").FullName;
        var home = Path.Combine(_root, "home");
        DataPath = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        WriteTree(DataPath);

        SyncthingId = await RealSyncthing.GenerateAsync(home, noDefaultFolder: true);
        var port = RealSyncthing.FreePort();
        SyncthingEndpoint = new IPEndPoint(IPAddress.Loopback, port);
        var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
        var apiKey = ConfigDefaults.NewApiKey();
        var config = ConfigDefaults.WithTestRigSettings(
            ConfigDefaults.Create(SyncthingId, "real", withDefaultFolder: false, "/unused", apiKey),
            $"tcp://127.0.0.1:{port}", gui, apiKey);
        config = config with
        {
            Options = config.Options with { ReconnectionIntervalS = 1 },
            Folders = ValueList.Of(new FolderConfiguration
            {
                Id = FolderId,
                Label = FolderId,
                Path = DataPath,
                FsWatcherEnabled = false,
                RescanIntervalS = 3600,
                Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = SyncthingId }),
            }),
        };
        await ConfigXml.SaveAsync(config, Path.Combine(home, "config.xml"), timeout.Token);
        Syncthing = await RealSyncthing.StartAsync(home, gui, apiKey, timeout.Token);
        await WaitAsync(async () =>
        {
            var status = JsonNode.Parse(await Syncthing.GetAsync($"rest/db/status?folder={FolderId}", timeout.Token))!;
            return (string?)status["state"] == "idle" && (int)status["globalFiles"]! == FileCount;
        }, "the initial scan", timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (Syncthing is not null)
        {
            await Syncthing.DisposeAsync();
        }

        if (_root.Length > 0)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Adds a device to the real peer (optionally with an address it will dial) and shares the folder with it.</summary>
    public async Task AddDeviceAsync(DeviceId device, string address, bool share, CancellationToken cancellationToken)
    {
        var json = new JsonObject
        {
            ["deviceID"] = device.ToString(),
            ["name"] = "csharp-" + device.Short,
            ["addresses"] = new JsonArray(address),
            ["compression"] = "metadata",
        };
        await Syncthing.PostAsync("rest/config/devices", json.ToJsonString(), cancellationToken);
        if (share)
        {
            var folder = JsonNode.Parse(await Syncthing.GetAsync($"rest/config/folders/{FolderId}", cancellationToken))!.AsObject();
            folder["devices"]!.AsArray().Add(new JsonObject { ["deviceID"] = device.ToString() });
            await Syncthing.PutAsync($"rest/config/folders/{FolderId}", folder.ToJsonString(), cancellationToken);
        }
    }

    /// <summary>The real peer's view of a device's connection.</summary>
    public async Task<JsonNode?> ConnectionAsync(DeviceId device, CancellationToken cancellationToken)
    {
        var all = JsonNode.Parse(await Syncthing.GetAsync("rest/system/connections", cancellationToken))!;
        return all["connections"]?[device.ToString()];
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }
        }
    }

    /// <summary>10 directories x 2 levels, 200 small files, 5 empty files and one 12 MB file; deterministic content.</summary>
    private static void WriteTree(string root)
    {
        var rng = new Random(20261122);
        for (var d = 0; d < 10; d++)
        {
            var inner = Directory.CreateDirectory(Path.Combine(root, $"dir{d:D2}", "inner")).FullName;
            for (var f = 0; f < 20; f++)
            {
                var data = new byte[rng.Next(1, 300_000)];
                rng.NextBytes(data);
                File.WriteAllBytes(Path.Combine(f % 2 == 0 ? inner : Path.GetDirectoryName(inner)!, $"file{f:D2}.bin"), data);
            }
        }

        for (var e = 0; e < 5; e++)
        {
            File.WriteAllBytes(Path.Combine(root, $"empty{e}.txt"), []);
        }

        var big = new byte[12 * 1024 * 1024 + 12345];
        rng.NextBytes(big);
        File.WriteAllBytes(Path.Combine(root, "big.bin"), big);
        File.SetUnixFileMode(Path.Combine(root, "empty0.txt"), UnixFileMode.UserRead | UnixFileMode.GroupRead);
        File.SetUnixFileMode(Path.Combine(root, "big.bin"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
