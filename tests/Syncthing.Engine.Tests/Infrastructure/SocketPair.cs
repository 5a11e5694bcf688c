using System.Net;
using System.Net.Sockets;

namespace Syncthing.Engine.Tests.Infrastructure;

/// <summary>Two connected loopback TCP streams, for tests of code that talks over a real transport.</summary>
public sealed class SocketPair : IDisposable
{
    private SocketPair(NetworkStream a, NetworkStream b)
    {
        A = a;
        B = b;
    }

    public NetworkStream A { get; }

    public NetworkStream B { get; }

    public static async Task<SocketPair> CreateAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient { NoDelay = true };
        var accept = listener.AcceptTcpClientAsync();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var server = await accept.WaitAsync(TimeSpan.FromSeconds(10));
        server.NoDelay = true;
        return new SocketPair(client.GetStream(ownsSocket: true), server.GetStream(ownsSocket: true));
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}

internal static class TcpClientExtensions
{
    public static NetworkStream GetStream(this TcpClient client, bool ownsSocket) => new(client.Client, ownsSocket);
}
