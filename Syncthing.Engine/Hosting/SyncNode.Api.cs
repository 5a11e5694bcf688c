using System.Collections.Concurrent;
using Syncthing.Engine.Api;
using Syncthing.Engine.Config;
using Syncthing.Engine.Events;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Index;
using Syncthing.Engine.Model;

namespace Syncthing.Engine.Hosting;

/// <summary>
/// The node as the REST API sees it (<see cref="IApiNode"/>), and its event log: what the node already knows is
/// translated into 1.19's events (ConfigSaved, RemoteIndexUpdated, LocalIndexUpdated, StateChanged, FolderSummary,
/// FolderCompletion, DeviceConnected, DeviceDisconnected, Starting, StartupComplete).
/// </summary>
internal sealed partial class SyncNode : IApiNode
{
    private const string IgnoreFileName = ".stignore";

    private readonly ConcurrentDictionary<string, (string State, DateTimeOffset Changed)> _folderStates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _loggedSequences = new(StringComparer.Ordinal);
    private EventLog _events = null!;
    private SystemErrorLog _errors = null!;

    /// <summary>Raised by <c>POST /rest/system/shutdown</c>; the host stops the node.</summary>
    public event EventHandler? ShutdownRequested;

    /// <summary>Raised by <c>POST /rest/system/restart</c>; the host restarts the node.</summary>
    public event EventHandler? RestartRequested;

    public string Home { get; private set; } = "";

    public EventLog Events => _events;

    public TimeProvider Time => _time;

    public DateTimeOffset StartTime { get; private set; }

    public SystemErrorLog Errors => _errors;

    IIndexStore IApiNode.Index => _store;

    public IReadOnlyList<PendingDevice> PendingDevices => _model.PendingDevices;

    public IReadOnlyList<PendingFolder> PendingFolders => _model.PendingFolders;

    Task IApiNode.ScanAsync(string folder, IReadOnlyList<string>? subPaths, CancellationToken cancellationToken) =>
        ScanAsync(folder, subPaths, cancellationToken);

    public (string State, DateTimeOffset Changed) FolderState(string folder) =>
        _folderStates.TryGetValue(folder, out var state) ? state : ("idle", StartTime);

    public DateTimeOffset? LastScan(string folder) => GetRunner(folder)?.LastScan;

    public IReadOnlyList<DeviceConnectionInfo> GetConnections() => _model.GetConnections();

    public void DismissPendingDevice(Identity.DeviceId device) => _model.DismissPendingDevice(device);

    public void DismissPendingFolder(string folder, Identity.DeviceId? device) => _model.DismissPendingFolder(folder, device);

    public FolderIgnores GetIgnores(string folder)
    {
        var root = FolderRoot(folder);
        var path = Path.Combine(root, IgnoreFileName);
        if (!File.Exists(path))
        {
            return new FolderIgnores(null, null, null);
        }

        var loaded = IgnoreMatcher.Load(File.ReadAllText(path), include => ReadInclude(root, include));
        var matcher = loaded.Matcher;
        return new FolderIgnores(
            matcher.Lines,
            matcher.Patterns.Count == 0 ? null : matcher.Patterns,
            loaded.Error?.Message);
    }

    public async Task SetIgnoresAsync(string folder, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var path = Path.Combine(FolderRoot(folder), IgnoreFileName);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(temp, string.Join('\n', lines) + (lines.Count > 0 ? "\n" : ""), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Send-only folders: make our state the global one (1.19 Override).</summary>
    public Task OverrideAsync(string folder, CancellationToken cancellationToken)
    {
        var runner = RunnerOfType(folder, FolderType.SendOnly, "override");
        return runner.RunExclusiveAsync(
            ct =>
            {
                FolderOverrides.Override(_store, folder, _identity.Id.Short, _time.GetUtcNow(), ct);
                runner.LocalIndexChanged?.Invoke();
                return Task.CompletedTask;
            },
            cancellationToken);
    }

    /// <summary>Receive-only folders: undo our local changes (1.19 Revert).</summary>
    public Task RevertAsync(string folder, CancellationToken cancellationToken)
    {
        var runner = RunnerOfType(folder, FolderType.ReceiveOnly, "revert");
        return runner.RunExclusiveAsync(
            ct =>
            {
                FolderOverrides.Revert(_store, new Fs.Basic.BasicFileSystem(runner.Folder.Path), folder, ct);
                runner.LocalIndexChanged?.Invoke();
                return Task.CompletedTask;
            },
            cancellationToken);
    }

    private FolderRunner RunnerOfType(string folder, FolderType type, string operation)
    {
        var runner = GetRunner(folder) ?? throw new ArgumentException($"No running folder '{folder}'.", nameof(folder));
        if (runner.Folder.Type != type)
        {
            throw new InvalidOperationException($"{operation} applies to {ConfigEnumText.ToText(type)} folders; '{folder}' is {ConfigEnumText.ToText(runner.Folder.Type)}");
        }

        return runner;
    }

    public void RequestShutdown() => ShutdownRequested?.Invoke(this, EventArgs.Empty);

    public void RequestRestart() => RestartRequested?.Invoke(this, EventArgs.Empty);

    /// <summary>Called once by <see cref="Start"/>: creates the log, subscribes to the node's notifications and logs startup.</summary>
    private void StartEvents(string home)
    {
        Home = home;
        StartTime = _time.GetUtcNow();
        _events = new EventLog(_time);
        _errors = new SystemErrorLog(_time);
        var id = DeviceId.ToString();
        _events.Log(EventType.Starting, new StartingEventData(home, id));
        ConfigurationChanged += (_, configuration) => _events.Log(EventType.ConfigSaved, ApiJson.FromConfig(configuration));
        _model.RemoteIndexUpdated += OnRemoteIndexUpdated;
        _model.DeviceConnected += (_, c) => _events.Log(EventType.DeviceConnected, new DeviceConnectedEventData(
            c.RemoteAddress?.ToString() ?? "", c.RemoteDevice.ToString(), c.RemoteHello.DeviceName, c.RemoteHello.ClientName,
            c.RemoteHello.ClientVersion, c.IsOutgoing ? "tcp-client" : "tcp-server"));
        _model.DeviceDisconnected += (_, e) => _events.Log(EventType.DeviceDisconnected, new DeviceDisconnectedEventData(
            e.Connection.RemoteDevice.ToString(), e.Error?.Message ?? e.Reason));
        _events.Log(EventType.StartupComplete, new StartupCompleteEventData(id));
    }

    private void SetFolderState(string folder, string state)
    {
        var now = _time.GetUtcNow();
        var (from, since) = FolderState(folder);
        if (from == state)
        {
            return;
        }

        _folderStates[folder] = (state, now);
        _events.Log(EventType.StateChanged, new StateChangedEventData(folder, from, state, (now - since).TotalSeconds));
    }

    /// <summary>After a scan or pull wrote our entries: LocalIndexUpdated (names since the last one), summary, completion.</summary>
    private void OnLocalIndexChanged(string folder)
    {
        var sequence = _store.GetLocalMaxSequence(folder);
        var before = _loggedSequences.GetValueOrDefault(folder);
        _loggedSequences[folder] = sequence;
        if (sequence > before)
        {
            var names = _store.LocalChangesSince(folder, before, 1000).Select(f => f.Name).ToList();
            _events.Log(EventType.LocalIndexUpdated, new LocalIndexUpdatedEventData(folder, names.Count, names, sequence, sequence));
        }

        LogFolderSummary(folder);
        foreach (var device in FolderDevices(folder))
        {
            LogCompletion(folder, device);
        }
    }

    private void OnRemoteIndexUpdated(object? sender, RemoteIndexUpdatedEventArgs e)
    {
        _events.Log(EventType.RemoteIndexUpdated, new RemoteIndexUpdatedEventData(e.Device.ToString(), e.Folder, e.Items, e.Sequence, e.Sequence));
        LogFolderSummary(e.Folder);
        LogCompletion(e.Folder, e.Device);
    }

    private void LogFolderSummary(string folder) =>
        _events.Log(EventType.FolderSummary, new FolderSummaryEventData(folder, FolderStatusJson.Build(this, folder)));

    private void LogCompletion(string folder, Identity.DeviceId device)
    {
        var c = _store.Completion(folder, device);
        _events.Log(EventType.FolderCompletion, new FolderCompletionEventData(
            folder, device.ToString(), c.CompletionPercent, c.GlobalBytes, c.GlobalItems, c.NeedBytes, c.NeedDeletes, c.NeedItems, c.Sequence));
    }

    private IEnumerable<Identity.DeviceId> FolderDevices(string folder) =>
        Configuration.Folders.Where(f => f.Id == folder).SelectMany(f => f.Devices).Select(d => d.DeviceId).Where(d => d != DeviceId).Distinct();

    private string FolderRoot(string folder) =>
        Configuration.Folders.FirstOrDefault(f => f.Id == folder)?.Path
            ?? throw new ArgumentException($"No folder '{folder}' is configured.", nameof(folder));

    private static string? ReadInclude(string root, string name)
    {
        var full = Path.GetFullPath(Path.Combine(root, name));
        return full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal) && File.Exists(full) ? File.ReadAllText(full) : null;
    }
}
