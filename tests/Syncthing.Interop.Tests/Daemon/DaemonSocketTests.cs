using System.Net;
using System.Net.Sockets;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Daemon;

/// <summary>With discovery, relays, NAT and usage reporting off, our daemon holds no sockets but its listeners and dials.</summary>
public sealed class DaemonSocketTests
{
    [SyncthingFact]
    public async Task A_daemon_without_discovery_or_relays_opens_only_its_listeners_and_dials_to_configured_addresses()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test reads /proc");
        using var temp = new DaemonTempDir();
        var home = temp.Sub("home");
        await OurDaemon.RunAsync("generate", "--home", home, "--no-default-folder");

        // A configured peer that only accepts TCP: proves the daemon dials its static address, and nothing else.
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Start();
        var peerPort = ((IPEndPoint)peer.LocalEndpoint).Port;
        var peerId = DeviceId.FromCertificate(new byte[] { 4, 2 });
        var (gui, key) = await DaemonInteropTests.ApplyRigSettingsAsync(home, c => c with
        {
            Devices = ValueList.Of([.. c.Devices, new DeviceConfiguration { DeviceId = peerId, Name = "peer", Addresses = ValueList.Of("dynamic", $"tcp://127.0.0.1:{peerPort}") }]),
        });
        var config = await ConfigXml.LoadAsync(NodeHome.ConfigPath(home), CancellationToken.None);
        var listenPort = NodeHomeAddresses.ParseListen(config.Options.ListenAddresses.Single(), out _)!.Port;
        var guiPort = IPEndPoint.Parse(gui).Port;

        await using var daemon = await OurDaemon.StartAsync(["serve", "--home", home], new Uri($"http://{gui}/"), key, CancellationToken.None);
        using (var accept = new CancellationTokenSource(RealSyncthing.DefaultTimeout))
        {
            using var dialed = await peer.AcceptTcpClientAsync(accept.Token);
            var (inet, other) = ProcSockets.Read(daemon.Pid);

            var unexpected = inet.Where(s => !(s.Protocol.StartsWith("tcp", StringComparison.Ordinal)
                && ((s.IsListening && (s.Local.Port == listenPort || s.Local.Port == guiPort))
                    || (!s.IsListening && s.Local.Port == guiPort)
                    || (!s.IsListening && s.Remote.Port == peerPort)))).ToList();
            Assert.True(unexpected.Count == 0, $"unexpected sockets: {string.Join("; ", unexpected)}\nall: {string.Join("; ", inet)} (+{other} non-inet)");
            Assert.Contains(inet, s => s.IsListening && s.Local.Port == listenPort && IPAddress.IsLoopback(s.Local.Address));
            Assert.Contains(inet, s => s.IsListening && s.Local.Port == guiPort && IPAddress.IsLoopback(s.Local.Address));
            Assert.Contains(inet, s => s.Remote.Port == peerPort);
            Assert.DoesNotContain(inet, s => s.Protocol.StartsWith("udp", StringComparison.Ordinal));
        }

        Assert.Equal(0, await daemon.StopAsync());
    }
}
