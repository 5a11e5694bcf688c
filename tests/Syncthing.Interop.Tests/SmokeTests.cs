namespace Syncthing.Interop.Tests;

public class SmokeTests
{
    [Fact]
    public void PingMessageRoundTrips()
    {
        var ping = new Syncthing.Engine.Protocol.Wire.Ping();
        Assert.Equal(0, ping.CalculateSize());
    }
}
