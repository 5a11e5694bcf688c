using System.Net;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Tests.Connections;

public class ConnectionServiceTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task TwoNodesConnectAndIdentifyEachOtherByCertificate()
    {
        using var a = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        using var b = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        var policyA = new TestPolicy(b.Id);
        var policyB = new TestPolicy(a.Id);
        await using var serviceA = new ConnectionService(a.Certificate, policyA);
        await using var serviceB = new ConnectionService(b.Certificate, policyB);
        var endpoint = serviceB.Listen(new IPEndPoint(IPAddress.Loopback, 0));

        var connection = await serviceA.DialAsync(b.Id, $"tcp://{endpoint}", default).WaitAsync(Limit);

        Assert.Equal(b.Id, connection.RemoteDevice);
        Assert.Equal("test", connection.RemoteHello.DeviceName);
        Assert.Equal("syncthing-ps", connection.RemoteHello.ClientName);
        Assert.StartsWith("TLS1.3-", connection.Crypto, StringComparison.Ordinal);
        await WaitUntil(() => serviceB.TryGetConnection(a.Id, out _));
        Assert.True(serviceB.TryGetConnection(a.Id, out var incoming));
        Assert.False(incoming.IsOutgoing);
    }

    /// <summary>
    /// Two of our nodes settle on AES-128-GCM where the suites can be ordered (Linux), not OpenSSL's default
    /// AES-256-GCM; elsewhere the platform's default is left alone and the handshake still succeeds.
    /// </summary>
    [Fact]
    public async Task OurNodesPreferAes128GcmWhereTheSuitesCanBeOrdered()
    {
        using var a = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        using var b = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        await using var serviceA = new ConnectionService(a.Certificate, new TestPolicy(b.Id));
        await using var serviceB = new ConnectionService(b.Certificate, new TestPolicy(a.Id));
        var endpoint = serviceB.Listen(new IPEndPoint(IPAddress.Loopback, 0));

        var connection = await serviceA.DialAsync(b.Id, $"tcp://{endpoint}", default).WaitAsync(Limit);
        await WaitUntil(() => serviceB.TryGetConnection(a.Id, out _));
        Assert.True(serviceB.TryGetConnection(a.Id, out var incoming));

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("TLS1.3-TLS_AES_128_GCM_SHA256", connection.Crypto);
            Assert.Equal("TLS1.3-TLS_AES_128_GCM_SHA256", incoming.Crypto);
        }
        else
        {
            Assert.Null(BepTls.Suites);
            Assert.Equal(connection.Crypto, incoming.Crypto);
        }
    }

    [Fact]
    public async Task DialingTheWrongDeviceFails()
    {
        using var a = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        using var b = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        using var c = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        await using var serviceA = new ConnectionService(a.Certificate, new TestPolicy(b.Id, c.Id));
        await using var serviceB = new ConnectionService(b.Certificate, new TestPolicy(a.Id));
        var endpoint = serviceB.Listen(new IPEndPoint(IPAddress.Loopback, 0));

        var e = await Assert.ThrowsAsync<BepProtocolException>(() => serviceA.DialAsync(c.Id, $"tcp://{endpoint}", default).WaitAsync(Limit));
        Assert.Contains("unexpected device ID", e.Message, StringComparison.Ordinal);
        Assert.Empty(serviceA.Connections);
    }

    [Fact]
    public async Task AnUnknownDeviceIsRefusedAfterHelloWithoutOurName()
    {
        using var a = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        using var stranger = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        var policyA = new TestPolicy();
        await using var serviceA = new ConnectionService(a.Certificate, policyA);
        await using var serviceS = new ConnectionService(stranger.Certificate, new TestPolicy(a.Id));
        var endpoint = serviceA.Listen(new IPEndPoint(IPAddress.Loopback, 0));

        var connection = await serviceS.DialAsync(a.Id, $"tcp://{endpoint}", default).WaitAsync(Limit);

        Assert.Equal(string.Empty, connection.RemoteHello.DeviceName); // no name for strangers
        await connection.Closed.WaitAsync(Limit);
        await WaitUntil(() => !policyA.Rejected.IsEmpty);
        Assert.Equal(stranger.Id, policyA.Rejected.Single().Device);
        Assert.Empty(policyA.Connected);
        Assert.Empty(serviceA.Connections);
    }

    [Fact]
    public async Task SimultaneousDialsLeaveOneConnectionChosenTheSameWayOnBothSides()
    {
        using var a = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        using var b = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        await using var serviceA = new ConnectionService(a.Certificate, new TestPolicy(b.Id));
        await using var serviceB = new ConnectionService(b.Certificate, new TestPolicy(a.Id));
        var endA = serviceA.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        var endB = serviceB.Listen(new IPEndPoint(IPAddress.Loopback, 0));

        var dials = await Task.WhenAll(
            serviceA.DialAsync(b.Id, $"tcp://{endB}", default),
            serviceB.DialAsync(a.Id, $"tcp://{endA}", default)).WaitAsync(Limit);

        // Both dials report the same surviving connection per side, dialed by the lower device ID.
        var lowerDialed = a.Id < b.Id;
        await WaitUntil(() => serviceA.Connections.Count == 1 && serviceB.Connections.Count == 1);
        var keptA = serviceA.Connections.Single();
        var keptB = serviceB.Connections.Single();
        Assert.Equal(lowerDialed, keptA.IsOutgoing);
        Assert.Equal(!lowerDialed, keptB.IsOutgoing);
        Assert.False(keptA.IsClosed);
        Assert.False(keptB.IsClosed);
        Assert.All(dials, d => Assert.False(d.IsClosed && serviceA.Connections.Concat(serviceB.Connections).Contains(d)));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
