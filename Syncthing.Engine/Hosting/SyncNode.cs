using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Config;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Model;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Hosting;

/// <summary>
/// The composition root of one node: identity, configuration, index store, model and connection service. Each
/// unpaused folder has a <see cref="FolderRunner"/> that scans (at start, on request, periodically) and pulls what
/// the cluster has and we lack; changes are announced to connected devices.
/// </summary>
internal sealed partial class SyncNode : IAsyncDisposable
{
    private readonly DeviceIdentity _identity;
    private readonly SqliteIndexStore _store;
    private readonly LocalIndexNotifier _notifier = new();
    private readonly SyncModel _model;
    private readonly ConnectionService _connections;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    private readonly string? _configPath;
    private readonly SemaphoreSlim _configLock = new(1, 1);

    private SyncNode(DeviceIdentity identity, Configuration configuration, string indexPath, string? configPath, TimeProvider time, ILoggerFactory loggers)
    {
        _identity = identity;
        _configPath = configPath;
        _time = time;
        _loggers = loggers;
        _store = new SqliteIndexStore(indexPath);
        var blockServer = new DiskBlockServer(
            _store,
            folder => new BasicFileSystem(folder.Path),
            (folder, name) => GetRunner(folder)?.RequestScan([name]),
            folder => GetRunner(folder.Id)?.Ignores,
            logger: loggers.CreateLogger<DiskBlockServer>());
        _model = new SyncModel(identity.Id, configuration, _store, _notifier, blockServer, time: time, loggerFactory: loggers);
        var connectionOptions = new ConnectionOptions { Bandwidth = new BandwidthLimiter(() => _model.Configuration, time) };
        _connections = new ConnectionService(identity.Certificate, _model, connectionOptions, time, loggers);
    }

    public DeviceId DeviceId => _identity.Id;

    public Configuration Configuration => _model.Configuration;

    internal IIndexStore Index => _store;

    internal SyncModel Model => _model;

    internal ConnectionService Connections => _connections;

    /// <summary>Listening endpoints, once started.</summary>
    public IReadOnlyList<IPEndPoint> ListenEndpoints => _connections.ListenEndpoints;

    /// <summary>
    /// Starts a node whose identity lives in <paramref name="home"/> (cert.pem, key.pem, created when missing), with
    /// <paramref name="configuration"/> and its index in <c>home/index.db</c>, listening on
    /// <paramref name="listen"/> (port 0 picks a free one).
    /// </summary>
    /// <remarks>
    /// With <paramref name="configPath"/>, every <see cref="SetConfigurationAsync"/> saves the new configuration
    /// there atomically; without it, configuration changes live in memory only.
    /// </remarks>
    public static SyncNode Start(string home, Configuration configuration, IPEndPoint listen, TimeProvider? time = null, ILoggerFactory? loggers = null, string? configPath = null)
    {
        time ??= TimeProvider.System;
        Directory.CreateDirectory(home);
        var identity = DeviceIdentity.LoadOrCreate(home, time);
        var node = new SyncNode(identity, configuration, Path.Combine(home, "index.db"), configPath, time, loggers ?? NullLoggerFactory.Instance);
        node.StartServices(home);
        node._connections.Listen(listen);
        return node;
    }

    /// <summary>Raised after a new configuration took effect (and was saved, when the node has a config path).</summary>
    public event EventHandler<Configuration>? ConfigurationChanged;

    /// <summary>
    /// Validates (ConfigValidationException when invalid, saving nothing), applies <paramref name="configuration"/> to the running
    /// node (connections, index senders) and saves it atomically to the node's config path, if it has one.
    /// Changes are serialized: a second call waits for the first.
    /// </summary>
    public async Task SetConfigurationAsync(Configuration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        await _configLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ConfigValidator.Validate(configuration);
            if (_configPath is not null)
            {
                await ConfigXml.SaveAsync(configuration, _configPath, cancellationToken).ConfigureAwait(false);
            }

            await _model.SetConfigurationAsync(configuration, cancellationToken).ConfigureAwait(false);
            await SyncRunnersAsync(configuration).ConfigureAwait(false);
        }
        finally
        {
            _configLock.Release();
        }

        ConfigurationChanged?.Invoke(this, configuration);
    }

    /// <summary>Dials a configured device at one of its addresses.</summary>
    public Task DialAsync(DeviceId device, string address, CancellationToken cancellationToken) =>
        _connections.DialAsync(device, address, cancellationToken);

    /// <summary>
    /// Scans a folder (or sub-paths of it) into the index through its runner (never at the same time as a pull) and
    /// announces the changes to connected peers.
    /// </summary>
    public Task<ScanResult> ScanAsync(string folderId, IReadOnlyList<string>? subPaths, CancellationToken cancellationToken)
    {
        var runner = GetRunner(folderId);
        if (runner is null)
        {
            throw new ArgumentException(
                Configuration.Folders.Any(f => f.Id == folderId) ? $"Folder '{folderId}' is paused." : $"No folder '{folderId}' is configured.",
                nameof(folderId));
        }

        return runner.ScanAsync(subPaths, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeHomeAsync().ConfigureAwait(false);
        await StopRunnersAsync().ConfigureAwait(false);
        await _connections.DisposeAsync().ConfigureAwait(false);
        await _model.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
        _identity.Dispose();
        _runnersLock.Dispose();
        _configLock.Dispose();
    }
}
