using Microsoft.Extensions.Logging;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Model;

/// <summary>
/// The model's state for one BEP connection: the peer's latest view of each folder (from its ClusterConfig), the
/// running index senders, and whether our ClusterConfig has gone out. Like 1.19's index handler registry, a folder
/// gets a sender only when the peer listed it unpaused and we share it with the peer unpaused; the peer's folder
/// information is kept until then (a pending or locally paused folder starts as soon as the configuration allows).
/// </summary>
internal sealed class ConnectionSession : IDisposable
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _clusterConfigLock = new(1, 1);
    private TaskCompletionSource _clusterConfigSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, IndexSender> _senders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClusterConfigDeviceInfo> _senderInfos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClusterConfigDeviceInfo> _startInfos = new(StringComparer.Ordinal);
    private readonly IIndexStore _store;
    private readonly ILocalIndexNotifier _notifier;
    private readonly SyncModelOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _closed;

    public ConnectionSession(
        BepConnection connection, IIndexStore store, ILocalIndexNotifier notifier, SyncModelOptions options, TimeProvider time, ILogger logger)
    {
        Connection = connection;
        _store = store;
        _notifier = notifier;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public BepConnection Connection { get; }

    public DeviceId Device => Connection.RemoteDevice;

    /// <summary>Folders with a running index sender: the only ones whose indexes we accept from the peer.</summary>
    public bool IsExchanging(string folder)
    {
        lock (_gate)
        {
            return _senders.ContainsKey(folder);
        }
    }

    /// <summary>The highest sequence each running sender has sent; for tests and statistics.</summary>
    public IReadOnlyDictionary<string, long> SentSequences()
    {
        lock (_gate)
        {
            return _senders.ToDictionary(s => s.Key, s => s.Value.SentUpTo, StringComparer.Ordinal);
        }
    }

    /// <summary>Builds and sends a ClusterConfig; calls are serialised so that the last one sent is built last.</summary>
    public async Task SendClusterConfigAsync(Func<ClusterConfig> build, CancellationToken cancellationToken)
    {
        await _clusterConfigLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Senders started before this ClusterConfig is built wait for it; ones started later wait for the next.
            TaskCompletionSource sent;
            lock (_gate)
            {
                sent = _clusterConfigSent;
            }

            await Connection.SendAsync(build(), cancellationToken).ConfigureAwait(false);
            sent.TrySetResult();
        }
        finally
        {
            _clusterConfigLock.Release();
        }
    }

    /// <summary>
    /// Takes in a new ClusterConfig from the peer: every shared, unpaused folder gets a fresh sender started from the
    /// new information; folders the peer paused or no longer lists lose theirs.
    /// </summary>
    public Task ApplyClusterConfigAsync(IReadOnlyList<ClusterConfigDeviceInfo> infos, Configuration configuration)
    {
        var stopping = new List<Task>();
        lock (_gate)
        {
            if (_closed)
            {
                return Task.CompletedTask;
            }

            var listed = new HashSet<string>(StringComparer.Ordinal);
            _startInfos.Clear();
            foreach (var info in infos)
            {
                var id = info.Folder.Id;
                listed.Add(id);
                StopLocked(id, stopping);
                if (!info.Folder.Paused)
                {
                    _startInfos[id] = info;
                }
            }

            foreach (var id in _senders.Keys.Where(id => !listed.Contains(id)).ToList())
            {
                StopLocked(id, stopping);
            }

            StartEligibleLocked(configuration, stopping);
        }

        return Task.WhenAll(stopping);
    }

    /// <summary>
    /// Follows a configuration change: senders of folders no longer shared (or now paused) stop; folders the peer
    /// offered earlier and that are now shared and running get a sender. Call it before sending the ClusterConfig
    /// of the new configuration: from here on the peer's indexes for newly shared folders are accepted (the peer may
    /// answer that ClusterConfig with its index at once), while the new senders hold their first message until the
    /// next ClusterConfig has been written (the peer only accepts our index once it has read it).
    /// </summary>
    public Task ApplyConfigurationAsync(Configuration configuration)
    {
        var stopping = new List<Task>();
        lock (_gate)
        {
            if (_closed)
            {
                return Task.CompletedTask;
            }

            if (_clusterConfigSent.Task.IsCompleted)
            {
                _clusterConfigSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            foreach (var (id, sender) in _senders.ToList())
            {
                var folder = FindFolder(configuration, id);
                if (folder is null || !ClusterConfigBuilder.IsSharedWith(folder, Device))
                {
                    // Unshared: forget the peer's information too; a new ClusterConfig brings it back (as 1.19).
                    StopLocked(id, stopping);
                    _startInfos.Remove(id);
                }
                else if (!IsRunning(folder))
                {
                    // Paused here: resume later from where this sender got to.
                    var info = _senderInfos[id];
                    var resumeAt = info.Local.Clone();
                    resumeAt.IndexId = _store.GetLocalIndexId(id);
                    resumeAt.MaxSequence = sender.SentUpTo;
                    StopLocked(id, stopping);
                    _startInfos[id] = info with { Local = resumeAt };
                }
            }

            foreach (var id in _startInfos.Keys.ToList())
            {
                var folder = FindFolder(configuration, id);
                if (folder is null || !ClusterConfigBuilder.IsSharedWith(folder, Device))
                {
                    _startInfos.Remove(id);
                }
            }

            StartEligibleLocked(configuration, stopping);
        }

        return Task.WhenAll(stopping);
    }

    /// <summary>Stops every sender; later calls do nothing. Completes when all have stopped.</summary>
    public Task CloseAsync()
    {
        var stopping = new List<Task>();
        lock (_gate)
        {
            _closed = true;
            foreach (var id in _senders.Keys.ToList())
            {
                StopLocked(id, stopping);
            }

            _startInfos.Clear();
        }

        return Task.WhenAll(stopping);
    }

    /// <summary>Releases the ClusterConfig lock; call after <see cref="CloseAsync"/>.</summary>
    public void Dispose() => _clusterConfigLock.Dispose();

    private void StartEligibleLocked(Configuration configuration, List<Task> stopping)
    {
        foreach (var (id, info) in _startInfos.ToList())
        {
            var folder = FindFolder(configuration, id);
            if (folder is null || !ClusterConfigBuilder.IsSharedWith(folder, Device) || !IsRunning(folder) || _senders.ContainsKey(id))
            {
                continue;
            }

            _startInfos.Remove(id);
            ReconcileRemoteIndex(id, info.Remote);
            var startAfter = StartSequence(id, info.Local);
            var ready = stopping.Count == 0 ? _clusterConfigSent.Task : Task.WhenAll(stopping.Append(_clusterConfigSent.Task));
            var sender = new IndexSender(Connection, id, startAfter, _store, _notifier, ready, _options, _time, _logger);
            _senders[id] = sender;
            _senderInfos[id] = info;
            sender.Start();
            _logger.LogDebug("Index sender for {Folder} to {Device} starts after sequence {Sequence}", id, Device.Short, startAfter);
        }
    }

    private void StopLocked(string folder, List<Task> stopping)
    {
        _senderInfos.Remove(folder);
        if (_senders.Remove(folder, out var sender))
        {
            stopping.Add(sender.DisposeAsync().AsTask());
        }
    }

    /// <summary>
    /// The receiver rule of delta indexes (brief §3.3): the peer's own index ID in its ClusterConfig; 0 or a new ID
    /// invalidates what we stored from it, and a full Index is expected.
    /// </summary>
    private void ReconcileRemoteIndex(string folder, Device theirSelf)
    {
        if (theirSelf.IndexId == 0)
        {
            _store.DropDevice(folder, Device);
        }
        else if (_store.SetRemoteIndexId(folder, Device, theirSelf.IndexId))
        {
            _logger.LogInformation("Device {Device} has a new index ID for {Folder}; its data there was dropped", Device.Short, folder);
        }
    }

    /// <summary>The sender rule of delta indexes: resume after what the peer has seen of our current index, else 0.</summary>
    private long StartSequence(string folder, Device theirViewOfUs)
    {
        var myIndexId = _store.GetLocalIndexId(folder);
        var mySequence = _store.GetLocalMaxSequence(folder);
        if (theirViewOfUs.IndexId == myIndexId && theirViewOfUs.MaxSequence >= 0 && theirViewOfUs.MaxSequence <= mySequence)
        {
            return theirViewOfUs.MaxSequence;
        }

        return 0;
    }

    private static bool IsRunning(FolderConfiguration folder) => !folder.Paused && folder.Type != FolderType.ReceiveEncrypted;

    private static FolderConfiguration? FindFolder(Configuration configuration, string id) =>
        configuration.Folders.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.Ordinal));
}
