using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Connections;

public sealed partial class ConnectionService
{
    /// <summary>
    /// TLS handshake, Hello exchange, admission and registration. Returns null when the peer was refused (after it
    /// has been sent our Hello, as Syncthing does), the registered connection otherwise.
    /// </summary>
    private async Task<BepConnection?> HandshakeAsync(TcpClient client, bool outgoing, DeviceId? expected, CancellationToken cancellationToken)
    {
        var remoteAddress = client.Client.RemoteEndPoint;
        var socket = new CoalescingStream(client.GetStream());
        var ssl = new SslStream(socket, leaveInnerStreamOpen: false);
        try
        {
            using (var tlsTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token))
            {
                tlsTimeout.CancelAfter(_options.TlsHandshakeTimeout);
                if (outgoing)
                {
                    await ssl.AuthenticateAsClientAsync(BepTls.ClientOptions(_certificate), tlsTimeout.Token).ConfigureAwait(false);
                }
                else
                {
                    await ssl.AuthenticateAsServerAsync(BepTls.ServerOptions(_certificate), tlsTimeout.Token).ConfigureAwait(false);
                }
            }

            if (ssl.NegotiatedApplicationProtocol.ToString() != BepLimits.Alpn)
            {
                _logger.LogDebug("Peer {Address} did not negotiate ALPN {Alpn}", remoteAddress, BepLimits.Alpn);
            }

            var remote = BepTls.RemoteDevice(ssl);
            if (remote == LocalDevice)
            {
                throw new BepProtocolException("connected to myself");
            }

            if (expected is { } want && remote != want)
            {
                throw new BepProtocolException($"unexpected device ID: dialed {want.Short}, got {remote}");
            }

            var admission = _policy.Admit(remote);
            var ourHello = new Hello
            {
                DeviceName = admission.Allowed ? _policy.LocalDeviceName : string.Empty,
                ClientName = _options.ClientName,
                ClientVersion = _options.ClientVersion,
            };

            Hello theirHello;
            using (var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token))
            {
                helloTimeout.CancelAfter(_options.HelloTimeout);
                var write = HelloCodec.WriteAsync(ssl, ourHello, helloTimeout.Token);
                theirHello = await HelloCodec.ReadAsync(ssl, helloTimeout.Token).ConfigureAwait(false);
                await write.ConfigureAwait(false);
            }

            if (!admission.Allowed)
            {
                _logger.LogInformation("Refused connection from {Device} at {Address}: {Reason}", remote, remoteAddress, admission.Reason);
                _policy.OnRejected(remote, theirHello, remoteAddress, admission.Reason ?? "refused");
                await ssl.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            // From here on every write belongs to a frame that BepConnection flushes.
            socket.CoalesceWrites = true;
            Stream transport = _options.Bandwidth?.Wrap(remote, remoteAddress, ssl) ?? ssl;
            transport = _options.WrapStream?.Invoke(remote, transport) ?? transport;
            var connection = new BepConnection(
                transport,
                remote,
                theirHello,
                _policy.CreateHandler(remote),
                admission.Options,
                _time,
                LoggerFactory.CreateLogger<BepConnection>())
            {
                IsOutgoing = outgoing,
                RemoteAddress = remoteAddress,
                Crypto = $"TLS1.3-{ssl.NegotiatedCipherSuite}",
            };

            var kept = await RegisterAsync(connection).ConfigureAwait(false);
            if (kept == connection)
            {
                _logger.LogInformation(
                    "Established connection to {Device} at {Address} ({Client} {Version})",
                    remote, remoteAddress, theirHello.ClientName, theirHello.ClientVersion);
                connection.Start();
                try
                {
                    await _policy.OnConnectedAsync(connection, cancellationToken).ConfigureAwait(false);
                }
                catch (BepProtocolException e)
                {
                    // The peer hung up right away (e.g. it does not know us); the connection reports why.
                    _logger.LogInformation("Connection to {Device} ended during setup: {Error}", remote, e.Message);
                }
            }

            return kept;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Registers a new connection unless a better one to the same device exists; returns the one kept.</summary>
    private async Task<BepConnection> RegisterAsync(BepConnection candidate)
    {
        BepConnection? loser;
        BepConnection kept;
        lock (_gate)
        {
            if (!_connections.TryGetValue(candidate.RemoteDevice, out var existing) || existing.IsClosed)
            {
                _connections[candidate.RemoteDevice] = candidate;
                return candidate;
            }

            var keepNew = _time.GetUtcNow() - existing.Established > _options.ReplaceAfter || PreferredDialerWins(candidate, existing);
            (kept, loser) = keepNew ? (candidate, existing) : (existing, candidate);
            _connections[candidate.RemoteDevice] = kept;
        }

        _logger.LogInformation("Duplicate connection to {Device}: keeping the {Direction} one", candidate.RemoteDevice.Short, kept.IsOutgoing ? "outgoing" : "incoming");
        if (loser == candidate)
        {
            await candidate.CloseAsync("duplicate connection").ConfigureAwait(false);
        }
        else
        {
            await loser.CloseAsync("replaced by a newer connection").ConfigureAwait(false);
        }

        return kept;
    }

    /// <summary>True when <paramref name="candidate"/> was dialed by the lower device ID of the pair and the existing one was not.</summary>
    private bool PreferredDialerWins(BepConnection candidate, BepConnection existing)
    {
        if (candidate.IsOutgoing == existing.IsOutgoing)
        {
            return true;
        }

        var weAreLower = LocalDevice < candidate.RemoteDevice;
        return candidate.IsOutgoing == weAreLower;
    }
}
