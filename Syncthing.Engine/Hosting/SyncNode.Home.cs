using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Hosting;

/// <summary>Starting a node from a Syncthing-style home directory (see <see cref="NodeHome"/>).</summary>
internal sealed partial class SyncNode
{
    private NodeHomeDialer? _homeDialer;

    /// <summary>The home directory this node was started from, when it was started by <see cref="StartFromHomeAsync"/>.</summary>
    public string? HomeDirectory { get; private set; }

    /// <summary>
    /// Starts the node kept in <paramref name="home"/>: loads (or creates, as <c>syncthing generate</c> would)
    /// cert.pem, key.pem and config.xml, opens <c>home/index.db</c>, listens on every configured <c>tcp://</c>
    /// listen address (<c>default</c> = <c>tcp://0.0.0.0:22000</c>; QUIC, relay and dynamic addresses are skipped
    /// with a log line), saves configuration changes back to config.xml, and keeps dialing configured devices at
    /// their static addresses until the node is disposed. No discovery, relays or NAT traversal.
    /// </summary>
    /// <exception cref="IdentityException">The identity files are inconsistent or unusable.</exception>
    /// <exception cref="Config.ConfigValidationException">config.xml cannot be read.</exception>
    public static async Task<SyncNode> StartFromHomeAsync(string home, NodeHomeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = await NodeHome.LoadOrCreateAsync(home, options, cancellationToken).ConfigureAwait(false);
        var time = options.Time ?? TimeProvider.System;
        var loggers = options.Loggers ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger<SyncNode>();
        var identity = DeviceIdentity.Load(state.Home);
        var node = new SyncNode(identity, state.Configuration, NodeHome.IndexPath(state.Home), NodeHome.ConfigPath(state.Home), time, loggers)
        {
            HomeDirectory = state.Home,
        };
        try
        {
            logger.LogInformation("My ID: {Id}", node.DeviceId);
            node.StartServices(state.Home);
            node.ListenOnConfiguredAddresses(logger);
            var dialer = new NodeHomeDialer(
                node.DeviceId,
                () => node.Configuration,
                device => node._connections.TryGetConnection(device, out _),
                (device, address, ct) => node._connections.DialAsync(device, address, ct),
                time,
                loggers.CreateLogger<NodeHomeDialer>());
            node._homeDialer = dialer;
            node.ConfigurationChanged += (_, _) => dialer.Wake();
            node._model.DeviceDisconnected += (_, e) => dialer.OnDisconnected(e.Connection.RemoteDevice, time.GetUtcNow() - e.Connection.Established);
            dialer.Start();
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void ListenOnConfiguredAddresses(ILogger logger)
    {
        foreach (var address in Configuration.Options.ListenAddresses)
        {
            var endpoint = NodeHomeAddresses.ParseListen(address, out var skipReason);
            if (endpoint is null)
            {
                logger.LogInformation("Not listening on {Reason}", skipReason);
                continue;
            }

            if (ListenEndpoints.Any(e => e.Equals(endpoint)))
            {
                continue;
            }

            try
            {
                _connections.Listen(endpoint);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                logger.LogWarning("Cannot listen on {Address}: {Error}", address, e.Message);
            }
        }

        if (ListenEndpoints.Count == 0)
        {
            logger.LogWarning("No listen address could be opened; only outgoing connections are possible");
        }
    }

    /// <summary>Stops what <see cref="StartFromHomeAsync"/> added; called first by <see cref="DisposeAsync"/>.</summary>
    private async ValueTask DisposeHomeAsync()
    {
        if (_homeDialer is not null)
        {
            await _homeDialer.DisposeAsync().ConfigureAwait(false);
            _homeDialer = null;
        }
    }
}
