using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Config;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Model;

/// <summary>
/// The node's model of its peers for the index exchange: decides who may connect (<see cref="IConnectionPolicy"/>),
/// handles every connection's messages (<see cref="IBepMessageHandler"/>), sends our ClusterConfig first and answers
/// the peer's, runs one <see cref="IndexSender"/> per shared folder and connection, applies received indexes to the
/// store, and keeps pending devices/folders and connection statistics for the REST layer. The host wires one
/// instance to a <see cref="ConnectionService"/>.
/// </summary>
internal sealed partial class SyncModel : IConnectionPolicy, IBepMessageHandler, IAsyncDisposable
{
    private readonly IIndexStore _store;
    private readonly ILocalIndexNotifier _notifier;
    private readonly IBlockServer _blockServer;
    private readonly SyncModelOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PendingRegistry _pending = new();
    private readonly ConcurrentDictionary<BepConnection, ConnectionSession> _sessions = new();
    private readonly ConcurrentDictionary<DeviceId, ConnectionSession> _current = new();
    private readonly SemaphoreSlim _configLock = new(1, 1);
    private Configuration _configuration;

    public SyncModel(
        DeviceId localDevice,
        Configuration configuration,
        IIndexStore store,
        ILocalIndexNotifier notifier,
        IBlockServer? blockServer = null,
        SyncModelOptions? options = null,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notifier);
        LocalDevice = localDevice;
        _configuration = configuration;
        _store = store;
        _notifier = notifier;
        _blockServer = blockServer ?? new UnservedBlockServer(store);
        _options = options ?? new SyncModelOptions();
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SyncModel>();
    }

    public DeviceId LocalDevice { get; }

    /// <summary>The configuration in force; replace it with <see cref="SetConfigurationAsync"/>.</summary>
    public Configuration Configuration => Volatile.Read(ref _configuration);

    /// <summary>Raised after a peer's Index or IndexUpdate was applied, on that connection's reader; must be quick.</summary>
    public event EventHandler<RemoteIndexUpdatedEventArgs>? RemoteIndexUpdated;

    /// <summary>Raised after a peer's ClusterConfig was accepted (its folders may now be pulled from); must be quick.</summary>
    public event EventHandler<DeviceId>? ClusterConfigReceived;

    public IReadOnlyList<PendingDevice> PendingDevices => _pending.Devices;

    public IReadOnlyList<PendingFolder> PendingFolders => _pending.Folders;

    public string LocalDeviceName => FindDevice(Configuration, LocalDevice)?.Name ?? string.Empty;

    /// <summary>Every configured peer with its connection state (<c>/rest/system/connections</c>).</summary>
    public IReadOnlyList<DeviceConnectionInfo> GetConnections()
    {
        var result = new List<DeviceConnectionInfo>();
        foreach (var device in Configuration.Devices.DistinctBy(d => d.DeviceId))
        {
            if (device.DeviceId == LocalDevice)
            {
                continue;
            }

            if (!_current.TryGetValue(device.DeviceId, out var session) || session.Connection.IsClosed)
            {
                result.Add(new DeviceConnectionInfo { DeviceId = device.DeviceId, Paused = device.Paused });
                continue;
            }

            var c = session.Connection;
            result.Add(new DeviceConnectionInfo
            {
                DeviceId = device.DeviceId,
                Connected = true,
                Paused = device.Paused,
                Address = c.RemoteAddress?.ToString() ?? "",
                Type = c.IsOutgoing ? "tcp-client" : "tcp-server",
                ClientName = c.RemoteHello.ClientName,
                ClientVersion = c.RemoteHello.ClientVersion,
                DeviceName = c.RemoteHello.DeviceName,
                Crypto = c.Crypto ?? "",
                InBytesTotal = c.BytesRead,
                OutBytesTotal = c.BytesWritten,
                StartedAt = c.Established,
            });
        }

        return result;
    }

    /// <summary>The highest sequence sent per folder on the current connection to <paramref name="device"/>.</summary>
    public IReadOnlyDictionary<string, long> SentSequences(DeviceId device) =>
        _current.TryGetValue(device, out var session) ? session.SentSequences() : new Dictionary<string, long>();

    public DeviceAdmission Admit(DeviceId remote)
    {
        var device = FindDevice(Configuration, remote);
        if (device is null || remote == LocalDevice)
        {
            return DeviceAdmission.Unknown;
        }

        if (device.Paused)
        {
            return DeviceAdmission.Paused;
        }

        var compression = device.Compression switch
        {
            Config.Compression.Never => CompressionMode.Never,
            Config.Compression.Always => CompressionMode.Always,
            _ => CompressionMode.Metadata,
        };
        return DeviceAdmission.Allow(new BepConnectionOptions { Compression = compression });
    }

    public IBepMessageHandler CreateHandler(DeviceId remote) => this;

    public async Task OnConnectedAsync(BepConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var session = GetSession(connection);
        _current[connection.RemoteDevice] = session;
        DeviceConnected?.Invoke(this, connection);
        await session.SendClusterConfigAsync(() => BuildClusterConfig(connection.RemoteDevice), cancellationToken).ConfigureAwait(false);
    }

    public void OnRejected(DeviceId remote, Hello hello, EndPoint? address, string reason)
    {
        ArgumentNullException.ThrowIfNull(hello);
        var configuration = Configuration;
        var known = FindDevice(configuration, remote) is not null;
        var ignored = configuration.RemoteIgnoredDevices.Any(d => d.DeviceId == remote);
        if (known || ignored || remote == LocalDevice)
        {
            return;
        }

        _pending.AddDevice(new PendingDevice(remote, hello.DeviceName, address?.ToString() ?? "", _time.GetUtcNow()));
        _logger.LogInformation("Connection from unknown device {Device} ({Name}) at {Address} recorded as pending", remote, hello.DeviceName, address);
    }

    public void OnClosed(BepConnection connection, string reason, Exception? error)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_sessions.TryRemove(connection, out var session))
        {
            return;
        }

        _current.TryRemove(new KeyValuePair<DeviceId, ConnectionSession>(connection.RemoteDevice, session));
        DeviceDisconnected?.Invoke(this, new DeviceDisconnectedEventArgs(connection, reason, error));
        _ = StopSessionAsync(session);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await session.CloseAsync().ConfigureAwait(false);
            session.Dispose();
        }

        _sessions.Clear();
        _current.Clear();
        _configLock.Dispose();
    }

    private async Task StopSessionAsync(ConnectionSession session)
    {
        try
        {
            await session.CloseAsync().ConfigureAwait(false);
            session.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Runs detached from the closing connection; a failure to stop cleanly must not go unobserved.
            _logger.LogWarning(e, "Stopping the index senders to {Device} failed", session.Device.Short);
        }
    }

    private ConnectionSession GetSession(BepConnection connection)
    {
        var session = _sessions.GetOrAdd(connection, c => new ConnectionSession(c, _store, _notifier, _options, _time, _logger));
        if (connection.IsClosed && _sessions.TryRemove(connection, out _))
        {
            // A callback raced with OnClosed: the session must not outlive its connection.
            _ = StopSessionAsync(session);
        }

        return session;
    }

    private ClusterConfig BuildClusterConfig(DeviceId remote) => ClusterConfigBuilder.Build(Configuration, LocalDevice, remote, _store);

    private static DeviceConfiguration? FindDevice(Configuration configuration, DeviceId device) =>
        configuration.Devices.FirstOrDefault(d => d.DeviceId == device);

    private static FolderConfiguration? FindFolder(Configuration configuration, string id) =>
        configuration.Folders.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.Ordinal));
}
