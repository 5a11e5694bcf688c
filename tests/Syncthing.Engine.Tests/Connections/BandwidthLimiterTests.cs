using System.Net;
using Syncthing.Engine.Config;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Connections;

public class BandwidthLimiterTests
{
    private static readonly DeviceId Self = DeviceId.FromCertificate([1]);
    private static readonly DeviceId Peer = DeviceId.FromCertificate([2]);
    private static readonly DeviceId Other = DeviceId.FromCertificate([3]);

    // Documentation addresses (RFC 5737 / 3849): never on an interface of this machine; nothing is contacted.
    private static readonly IPEndPoint Wan = new(IPAddress.Parse("203.0.113.7"), 22000);
    private static readonly IPEndPoint WanV6 = new(IPAddress.Parse("2001:db8::7"), 22000);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("169.254.3.4")]
    [InlineData("fe80::1")]
    public void Loopback_and_link_local_peers_are_on_the_lan(string address)
    {
        var limiter = new BandwidthLimiter(() => Config());

        Assert.True(limiter.IsLan(new IPEndPoint(IPAddress.Parse(address), 22000)));
    }

    [Fact]
    public void Other_peers_are_not_unless_an_always_local_net_holds_them()
    {
        var config = Config();
        var limiter = new BandwidthLimiter(() => config);
        Assert.False(limiter.IsLan(Wan));
        Assert.False(limiter.IsLan(WanV6));
        Assert.False(limiter.IsLan(null));

        config = config with { Options = config.Options with { AlwaysLocalNets = ValueList.Of("203.0.113.0/24", "not a network", "2001:db8::/32") } };

        Assert.True(limiter.IsLan(Wan));
        Assert.True(limiter.IsLan(WanV6));
        Assert.False(limiter.IsLan(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 22000)));
    }

    [Fact]
    public void Node_and_device_limits_apply_in_kibibytes_per_second_and_zero_is_unlimited()
    {
        var config = Config(sendKbps: 100, recvKbps: 0, peerSendKbps: 30, peerRecvKbps: 40);
        var limiter = new BandwidthLimiter(() => config, new FakeTimeProvider());

        var send = limiter.Buckets(Peer, lan: false, send: true);
        var receive = limiter.Buckets(Peer, lan: false, send: false);
        var otherSend = limiter.Buckets(Other, lan: false, send: true);

        Assert.Equal(30 * 1024, send.Device!.BytesPerSecond);
        Assert.Equal(100 * 1024, send.Node!.BytesPerSecond);
        Assert.Equal(40 * 1024, receive.Device!.BytesPerSecond);
        Assert.Null(receive.Node);
        Assert.Null(otherSend.Device);
        Assert.Same(send.Node, otherSend.Node); // one node-wide bucket shared by all connections
    }

    [Fact]
    public void Lan_connections_are_unlimited_unless_limit_bandwidth_in_lan_is_set()
    {
        var config = Config(sendKbps: 100, recvKbps: 100, peerSendKbps: 10, peerRecvKbps: 10);
        var limiter = new BandwidthLimiter(() => config, new FakeTimeProvider());
        Assert.True(limiter.Buckets(Peer, lan: true, send: true).IsUnlimited);
        Assert.False(limiter.Buckets(Peer, lan: false, send: true).IsUnlimited);

        config = config with { Options = config.Options with { LimitBandwidthInLan = true } };

        Assert.Equal(10 * 1024, limiter.Buckets(Peer, lan: true, send: true).Device!.BytesPerSecond);
    }

    [Fact]
    public void A_configuration_change_reaches_open_connections_and_keeps_a_devices_bucket()
    {
        var config = Config(sendKbps: 0, recvKbps: 0, peerSendKbps: 10, peerRecvKbps: 0);
        var limiter = new BandwidthLimiter(() => config, new FakeTimeProvider());
        var before = limiter.Buckets(Peer, lan: false, send: true).Device;

        config = config with
        {
            Options = config.Options with { MaxRecvKbps = 5 },
            Devices = ValueList.Of(config.Devices.Select(d => d.DeviceId == Peer ? d with { MaxSendKbps = 20 } : d).ToArray()),
        };

        var after = limiter.Buckets(Peer, lan: false, send: true).Device;
        Assert.Same(before, after);
        Assert.Equal(20 * 1024, after!.BytesPerSecond);
        Assert.Equal(5 * 1024, limiter.Buckets(Peer, lan: false, send: false).Node!.BytesPerSecond);

        config = config with { Devices = ValueList.Of(config.Devices.Where(d => d.DeviceId != Peer).ToArray()) };
        Assert.Null(limiter.Buckets(Peer, lan: false, send: true).Device);
    }

    [Fact]
    public async Task A_wrapped_stream_writes_through_at_once_when_nothing_is_limited()
    {
        var config = Config();
        var limiter = new BandwidthLimiter(() => config, new FakeTimeProvider());
        var inner = new MemoryStream();
        await using var stream = limiter.Wrap(Peer, Wan, inner);

        await stream.WriteAsync(new byte[5_000_000]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5_000_000, inner.Length);
    }

    private static Configuration Config(int sendKbps = 0, int recvKbps = 0, int peerSendKbps = 0, int peerRecvKbps = 0)
    {
        var config = ConfigDefaults.Create(Self, "self", withDefaultFolder: false);
        return config with
        {
            Options = config.Options with { MaxSendKbps = sendKbps, MaxRecvKbps = recvKbps },
            Devices = config.Devices.Add(new DeviceConfiguration { DeviceId = Peer, Name = "peer", MaxSendKbps = peerSendKbps, MaxRecvKbps = peerRecvKbps }),
        };
    }
}
