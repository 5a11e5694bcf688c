using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Tests.Protocol;

public class HelloCodecTests
{
    [Fact]
    public void A9_HelloStartsWithMagicAndLength()
    {
        var bytes = HelloCodec.Encode(new Hello { DeviceName = "vm", ClientName = "syncthing", ClientVersion = "v1.19.2-ds1" });
        Assert.Equal(new byte[] { 0x2E, 0xA7, 0xD9, 0x0B }, bytes[..4]);
        Assert.Equal(bytes.Length - 6, (bytes[4] << 8) | bytes[5]);
        Assert.Equal(28, bytes.Length - 6); // the size of 1.19.2's Hello with these fields, as observed live
    }

    [Fact]
    public async Task HelloRoundTrips()
    {
        var hello = new Hello { DeviceName = "node", ClientName = "syncthing-ps", ClientVersion = "v0.1.0" };
        using var stream = new MemoryStream(HelloCodec.Encode(hello));
        Assert.Equal(hello, await HelloCodec.ReadAsync(stream, default));
    }

    [Theory]
    [InlineData("00010001", "older")]
    [InlineData("9F79BC40", "older")]
    [InlineData("DEADBEEF", "unknown (newer?)")]
    public async Task WrongMagicIsReported(string magic, string expected)
    {
        using var stream = new MemoryStream(Convert.FromHexString(magic + "0000"));
        var e = await Assert.ThrowsAsync<BepProtocolException>(() => HelloCodec.ReadAsync(stream, default));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizeHelloIsRefusedBeforeReadingIt()
    {
        using var stream = new MemoryStream(Convert.FromHexString("2EA7D90B8000"));
        var e = await Assert.ThrowsAsync<BepProtocolException>(() => HelloCodec.ReadAsync(stream, default));
        Assert.Contains("too big", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedHelloIsAProtocolError()
    {
        using var stream = new MemoryStream(Convert.FromHexString("2EA7D90B0010" + "0a02"));
        await Assert.ThrowsAsync<BepProtocolException>(() => HelloCodec.ReadAsync(stream, default));
    }
}
