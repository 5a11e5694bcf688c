using System.Net;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon.Tests;

public sealed class NodeHomeTests
{
    [Fact]
    public async Task Generate_creates_a_loadable_home()
    {
        using var temp = new TempHome();
        var home = temp.Path("new/home");

        var id = await NodeHome.GenerateAsync(home, new NodeHomeOptions { NoDefaultFolder = true, DeviceName = "box" }, CancellationToken.None);

        using var identity = DeviceIdentity.Load(home);
        Assert.Equal(id, identity.Id);
        var config = await ConfigXml.LoadAsync(Path.Combine(home, "config.xml"), CancellationToken.None);
        var self = Assert.Single(config.Devices);
        Assert.Equal(id, self.DeviceId);
        Assert.Equal("box", self.Name);
        Assert.Empty(config.Folders);
        Assert.Equal(32, config.Gui.ApiKey.Length);
        Assert.StartsWith("127.0.0.1:", config.Gui.Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_with_the_default_folder_writes_it()
    {
        using var temp = new TempHome();
        var home = temp.Path("h");

        await NodeHome.GenerateAsync(home, new NodeHomeOptions(), CancellationToken.None);

        var config = await ConfigXml.LoadAsync(NodeHome.ConfigPath(home), CancellationToken.None);
        Assert.Equal(ConfigDefaults.DefaultFolderId, Assert.Single(config.Folders).Id);
    }

    [Fact]
    public async Task Generate_keeps_an_existing_identity_and_config()
    {
        using var temp = new TempHome();
        var home = temp.Path("h");
        var first = await NodeHome.GenerateAsync(home, new NodeHomeOptions { NoDefaultFolder = true }, CancellationToken.None);
        var cert = await File.ReadAllBytesAsync(Path.Combine(home, "cert.pem"));
        var key = await File.ReadAllBytesAsync(Path.Combine(home, "key.pem"));
        var config = await File.ReadAllTextAsync(NodeHome.ConfigPath(home));

        var second = await NodeHome.LoadOrCreateAsync(home, new NodeHomeOptions(), CancellationToken.None);

        Assert.Equal(first, second.DeviceId);
        Assert.False(second.CreatedIdentity);
        Assert.False(second.CreatedConfig);
        Assert.Equal(cert, await File.ReadAllBytesAsync(Path.Combine(home, "cert.pem")));
        Assert.Equal(key, await File.ReadAllBytesAsync(Path.Combine(home, "key.pem")));
        Assert.Equal(config, await File.ReadAllTextAsync(NodeHome.ConfigPath(home)));
    }

    [Fact]
    public async Task A_config_without_our_device_gets_it_added()
    {
        using var temp = new TempHome();
        var home = temp.Path("h");
        var id = await NodeHome.GenerateAsync(home, new NodeHomeOptions { NoDefaultFolder = true }, CancellationToken.None);
        var config = await ConfigXml.LoadAsync(NodeHome.ConfigPath(home), CancellationToken.None);
        await ConfigXml.SaveAsync(config with { Devices = ValueList.Empty<DeviceConfiguration>() }, NodeHome.ConfigPath(home), CancellationToken.None);

        var state = await NodeHome.LoadOrCreateAsync(home, new NodeHomeOptions(), CancellationToken.None);

        Assert.Equal(id, Assert.Single(state.Configuration.Devices).DeviceId);
        var saved = await ConfigXml.LoadAsync(NodeHome.ConfigPath(home), CancellationToken.None);
        Assert.Equal(id, Assert.Single(saved.Devices).DeviceId);
    }

    [Fact]
    public async Task A_config_without_an_identity_keeps_the_config_and_gets_a_new_identity()
    {
        using var temp = new TempHome();
        var home = temp.Path("h");
        await NodeHome.GenerateAsync(home, new NodeHomeOptions { NoDefaultFolder = true }, CancellationToken.None);
        File.Delete(Path.Combine(home, "cert.pem"));
        File.Delete(Path.Combine(home, "key.pem"));

        var state = await NodeHome.LoadOrCreateAsync(home, new NodeHomeOptions(), CancellationToken.None);

        Assert.True(state.CreatedIdentity);
        Assert.False(state.CreatedConfig);
        Assert.Contains(state.Configuration.Devices, d => d.DeviceId == state.DeviceId);
        Assert.Equal(2, state.Configuration.Devices.Count);
    }

    [Fact]
    public async Task Only_one_identity_file_is_refused()
    {
        using var temp = new TempHome();
        var home = temp.Path("h");
        await NodeHome.GenerateAsync(home, new NodeHomeOptions { NoDefaultFolder = true }, CancellationToken.None);
        File.Delete(Path.Combine(home, "key.pem"));

        await Assert.ThrowsAsync<IdentityException>(() => NodeHome.LoadOrCreateAsync(home, new NodeHomeOptions(), CancellationToken.None));
    }

    [Fact]
    public void Port_probing_replaces_a_busy_listen_port()
    {
        var id = DeviceId.FromCertificate(new byte[] { 1, 2, 3 });
        using var busy = new System.Net.Sockets.TcpListener(IPAddress.Any, NodeHome.DefaultListenPort);
        try
        {
            busy.Start();
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Someone else holds it already: just as busy.
        }

        var probed = NodeHome.NewConfiguration(id, new NodeHomeOptions { NoDefaultFolder = true });
        var skipped = NodeHome.NewConfiguration(id, new NodeHomeOptions { NoDefaultFolder = true, SkipPortProbing = true });

        Assert.Equal(["default"], skipped.Options.ListenAddresses);
        var tcp = NodeHomeAddresses.ParseListen(probed.Options.ListenAddresses[0], out _);
        Assert.NotNull(tcp);
        Assert.NotEqual(NodeHome.DefaultListenPort, tcp.Port);
    }

    [Theory]
    [InlineData("default", "0.0.0.0:22000")]
    [InlineData("tcp://127.0.0.1:2345", "127.0.0.1:2345")]
    [InlineData("tcp://:2345", "0.0.0.0:2345")]
    [InlineData("tcp4://localhost:7", "127.0.0.1:7")]
    [InlineData("tcp6://[::1]:2345", "[::1]:2345")]
    [InlineData("tcp://0.0.0.0:22000/?opt=1", "0.0.0.0:22000")]
    public void Listen_addresses_parse(string address, string expected)
    {
        Assert.Equal(IPEndPoint.Parse(expected), NodeHomeAddresses.ParseListen(address, out var reason));
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("quic://0.0.0.0:22000")]
    [InlineData("dynamic+https://relays.syncthing.net/endpoint")]
    [InlineData("relay://1.2.3.4:22067")]
    [InlineData("tcp://example.org:22000")]
    [InlineData("tcp://127.0.0.1")]
    public void Unsupported_listen_addresses_are_skipped_with_a_reason(string address)
    {
        Assert.Null(NodeHomeAddresses.ParseListen(address, out var reason));
        Assert.False(string.IsNullOrEmpty(reason));
    }
}
