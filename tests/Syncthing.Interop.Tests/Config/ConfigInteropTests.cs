using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Config;

public class ConfigInteropTests
{
    [SyncthingFact]
    public async Task RealSyncthingServesTheConfigWeWrote()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        var root = Directory.CreateTempSubdirectory("st-config-interop").FullName;
        var home = Path.Combine(root, "home");
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        try
        {
            // The certificate comes from syncthing itself; the config is entirely ours.
            var me = await RealSyncthing.GenerateAsync(home, noDefaultFolder: true);
            var peer = DeviceId.FromBytes(Enumerable.Range(1, DeviceId.Length).Select(i => (byte)i).ToArray());
            var guiAddress = $"127.0.0.1:{RealSyncthing.FreePort()}";
            var apiKey = ConfigDefaults.NewApiKey();
            var folder = new FolderConfiguration
            {
                Id = "interop-folder",
                Label = "Interop Folder",
                Path = data,
                Type = FolderType.SendOnly,
                RescanIntervalS = 120,
                FsWatcherEnabled = false,
                Devices = ValueList.Of(
                    new FolderDeviceConfiguration { DeviceId = me },
                    new FolderDeviceConfiguration { DeviceId = peer }),
                Versioning = new VersioningConfiguration
                {
                    Type = "simple",
                    Params = new ValueDictionary([new("keep", "3")]),
                },
                Order = PullOrder.OldestFirst,
                MaxConflicts = 4,
            };
            var peerDevice = new DeviceConfiguration
            {
                DeviceId = peer,
                Name = "csharp-peer",
                Addresses = ValueList.Of("tcp://127.0.0.1:1"),
                Compression = Compression.Always,
                Paused = true,
                AllowedNetworks = ValueList.Of("127.0.0.0/8"),
                MaxRecvKbps = 1000,
            };
            var ours = ConfigDefaults.WithTestRigSettings(
                ConfigDefaults.Create(me, "interop-self", withDefaultFolder: false, "/unused", apiKey),
                $"tcp://127.0.0.1:{RealSyncthing.FreePort()}",
                guiAddress,
                apiKey);
            ours = ours with { Folders = ValueList.Of(folder), Devices = ours.Devices.Add(peerDevice) };
            await ConfigXml.SaveAsync(ours, Path.Combine(home, "config.xml"), ct);

            await using var st = await RealSyncthing.StartAsync(home, guiAddress, apiKey, ct);
            var served = ConfigJson.Deserialize<Configuration>(await st.GetAsync("rest/config", ct));

            // Syncthing keeps a folder's devices sorted by ID; everything else comes back exactly as written.
            var servedFolder = Assert.Single(served.Folders);
            Assert.Equal(SortById(folder.Devices), SortById(servedFolder.Devices));
            Assert.Equal(folder, servedFolder with { Devices = folder.Devices });
            Assert.Equal(peerDevice, Assert.Single(served.Devices, d => d.DeviceId == peer));
            Assert.Equal("interop-self", Assert.Single(served.Devices, d => d.DeviceId == me).Name);
            Assert.Equal(ours.Options.ListenAddresses, served.Options.ListenAddresses);
            Assert.False(served.Options.GlobalAnnounceEnabled || served.Options.LocalAnnounceEnabled || served.Options.RelaysEnabled || served.Options.NatEnabled);
            Assert.Equal(-1, served.Options.UrAccepted);
            Assert.Equal((guiAddress, apiKey), (served.Gui.Address, served.Gui.ApiKey));

            await st.StopAsync(ct);
            Assert.True(st.HasExited);

            // Whatever syncthing left in config.xml still reads back to the same folder.
            var reread = await ConfigXml.LoadAsync(Path.Combine(home, "config.xml"), ct);
            Assert.Equal(folder, Assert.Single(reread.Folders) with { Devices = folder.Devices });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ValueList<FolderDeviceConfiguration> SortById(ValueList<FolderDeviceConfiguration> devices) =>
        new(devices.OrderBy(d => d.DeviceId));
}
