using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Connections;

/// <summary>
/// Listens for and dials BEP connections over TCP + TLS 1.3, performs the Hello exchange and admission, and keeps
/// at most one connection per device. Duplicates (both sides dialing at once) are resolved the same way on both
/// ends: the connection dialed by the device with the lower device ID survives.
/// </summary>
public sealed partial class ConnectionService : IAsyncDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly IConnectionPolicy _policy;
    private readonly ConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<DeviceId, BepConnection> _connections = new();
    private readonly List<(TcpListener Listener, Task Loop)> _listeners = [];
    private readonly CancellationTokenSource _lifetime = new();
    private readonly object _gate = new();

    public ConnectionService(
        X509Certificate2 certificate,
        IConnectionPolicy policy,
        ConnectionOptions? options = null,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null)
    {
        _certificate = certificate;
        LocalDevice = DeviceId.FromCertificate(certificate.RawData);
        _policy = policy;
        _options = options ?? new ConnectionOptions();
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ConnectionService>();
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    public DeviceId LocalDevice { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>The currently open connection per device.</summary>
    public IReadOnlyCollection<BepConnection> Connections => _connections.Values.Where(c => !c.IsClosed).ToList();

    public bool TryGetConnection(DeviceId device, out BepConnection connection)
    {
        if (_connections.TryGetValue(device, out var c) && !c.IsClosed)
        {
            connection = c;
            return true;
        }

        connection = null!;
        return false;
    }

    /// <summary>Starts accepting connections on <paramref name="endpoint"/>; returns the bound address (port 0 picks one).</summary>
    public IPEndPoint Listen(IPEndPoint endpoint)
    {
        var listener = new TcpListener(endpoint);
        listener.Start();
        var bound = (IPEndPoint)listener.LocalEndpoint;
        var loop = Task.Run(() => AcceptLoopAsync(listener, _lifetime.Token));
        lock (_gate)
        {
            _listeners.Add((listener, loop));
        }

        _logger.LogInformation("Listening for BEP connections on tcp://{Address}", bound);
        return bound;
    }

    /// <summary>The addresses we listen on.</summary>
    public IReadOnlyList<IPEndPoint> ListenEndpoints
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Select(l => (IPEndPoint)l.Listener.LocalEndpoint).ToList();
            }
        }
    }

    /// <summary>
    /// Dials <paramref name="expected"/> at a <c>tcp://host:port</c> address. Fails if the device answering is another
    /// one, or is refused by the policy. Returns the connection that is kept for the device (possibly an existing one).
    /// </summary>
    public async Task<BepConnection> DialAsync(DeviceId expected, string address, CancellationToken cancellationToken)
    {
        var endpoint = ParseAddress(address);
        var client = new TcpClient(endpoint.AddressFamily) { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token))
            {
                timeout.CancelAfter(_options.DialTimeout);
                await client.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            }

            var connection = await HandshakeAsync(client, outgoing: true, expected, cancellationToken).ConfigureAwait(false)
                ?? throw new BepProtocolException($"connection to {address} refused");
            return connection;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Parses <c>tcp://host:port</c> (also tcp4/tcp6); only literal IP addresses are accepted.</summary>
    public static IPEndPoint ParseAddress(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("tcp" or "tcp4" or "tcp6"))
        {
            throw new FormatException($"'{address}' is not a tcp:// address.");
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
        {
            throw new FormatException($"'{address}': only IP addresses can be dialed without name resolution.");
        }

        return new IPEndPoint(ip, uri.Port > 0 ? uri.Port : 22000);
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            client.NoDelay = true;
            _ = Task.Run(async () =>
            {
                try
                {
                    if (await HandshakeAsync(client, outgoing: false, expected: null, cancellationToken).ConfigureAwait(false) is null)
                    {
                        client.Dispose();
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _logger.LogInformation("Incoming connection from {Address} failed: {Error}", client.Client.RemoteEndPoint, e.Message);
                    client.Dispose();
                }
            }, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lifetime.Cancel();
        List<(TcpListener Listener, Task Loop)> listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
            _listeners.Clear();
        }

        foreach (var (listener, loop) in listeners)
        {
            listener.Stop();
            await loop.ConfigureAwait(false);
        }

        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
        _lifetime.Dispose();
    }
}
