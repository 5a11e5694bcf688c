using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using Syncthing.Engine.Config;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Model;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Tests.Index;
using WireFileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Engine.Tests.Model;

/// <summary>
/// One node for model tests: an identity, a SQLite index in a temp directory, a <see cref="SyncModel"/> and a
/// <see cref="ConnectionService"/> listening on 127.0.0.1. Every message the model receives is also recorded.
/// </summary>
internal sealed class ModelNode : IAsyncDisposable
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly TempIndex _index = new();

    public ModelNode(string name)
    {
        Name = name;
        Identity = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
        Notifier = new LocalIndexNotifier();
    }

    public string Name { get; }

    public DeviceIdentity Identity { get; }

    public DeviceId Id => Identity.Id;

    public LocalIndexNotifier Notifier { get; }

    public Syncthing.Engine.Index.SqliteIndexStore Store => _index.Store;

    public SyncModel Model { get; private set; } = null!;

    public ConnectionService Service { get; private set; } = null!;

    public IPEndPoint Endpoint { get; private set; } = null!;

    public string Address => $"tcp://127.0.0.1:{Endpoint.Port}";

    /// <summary>Every message delivered to the model, in order.</summary>
    public ConcurrentQueue<Received> Log { get; } = new();

    public ConcurrentQueue<RemoteIndexUpdatedEventArgs> RemoteUpdates { get; } = new();

    /// <summary>Called on the connection's reader with each message as it is recorded, before the model sees it.</summary>
    public Action<Received>? Observe { get; set; }

    private void Record(Received received)
    {
        Log.Enqueue(received);
        Observe?.Invoke(received);
    }

    public void Start(Configuration configuration, SyncModelOptions? options = null)
    {
        Model = new SyncModel(Id, configuration, Store, Notifier, options: options ?? new SyncModelOptions { IndexSendDelay = TimeSpan.FromMilliseconds(10) });
        Model.RemoteIndexUpdated += (_, e) => RemoteUpdates.Enqueue(e);
        Service = new ConnectionService(Identity.Certificate, new RecordingPolicy(Model, Record));
        Endpoint = Service.Listen(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>A configuration with this node, the given peers, and folders shared with the listed devices.</summary>
    public Configuration Config(IEnumerable<ModelNode> peers, params (string Id, ModelNode[] SharedWith)[] folders) => new()
    {
        Devices = ValueList.Of([new DeviceConfiguration { DeviceId = Id, Name = Name, Addresses = ValueList.Of("dynamic") },
            .. peers.Select(p => new DeviceConfiguration { DeviceId = p.Id, Name = p.Name, Addresses = ValueList.Of("tcp://127.0.0.1:1"), Compression = Syncthing.Engine.Config.Compression.Always })]),
        Folders = ValueList.Of(folders.Select(f => new FolderConfiguration
        {
            Id = f.Id,
            Label = f.Id + " label",
            Path = "/nonexistent/" + f.Id,
            Devices = ValueList.Of([new FolderDeviceConfiguration { DeviceId = Id }, .. f.SharedWith.Select(p => new FolderDeviceConfiguration { DeviceId = p.Id })]),
        }).ToArray()),
    };

    public Task<BepConnection> DialAsync(ModelNode peer) =>
        Service.DialAsync(peer.Id, peer.Address, new CancellationTokenSource(Limit).Token);

    /// <summary>Commits local changes and signals them, as the scanner will.</summary>
    public long Change(string folder, params FileRecord[] files)
    {
        var sequence = Store.UpdateLocal(folder, files);
        Notifier.NotifyLocalChanged(folder);
        return sequence;
    }

    public FileRecord File(string name, ulong version, bool deleted = false) => new()
    {
        Name = name,
        Kind = FileKind.File,
        Size = deleted ? 0 : 5,
        Permissions = 0b110_100_100,
        ModifiedSeconds = 1_700_000_000,
        ModifiedBy = Id.Short.Value,
        Deleted = deleted,
        Version = VersionVector.FromCounters([new Syncthing.Engine.Protocol.Counter(Id.Short.Value, version)]),
        BlockSize = 131072,
        Blocks = deleted ? ImmutableArray<BlockRef>.Empty : [new BlockRef(0, 5, Ix.Hash((byte)version), 0)],
    };

    public IReadOnlyList<Received> Indexes(string folder) =>
        Log.Where(r => r.Kind is "Index" or "IndexUpdate" && r.Folder == folder).ToList();

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        if (Model is not null)
        {
            await Model.DisposeAsync();
        }

        _index.Dispose();
        Identity.Dispose();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <see cref="Limit"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for " + what);
            }

            await Task.Delay(20);
        }
    }

    internal sealed record Received(string Kind, string Folder, DeviceId From, IReadOnlyList<WireFileInfo> Files, ClusterConfig? ClusterConfig, Request? Request = null);

    /// <summary>Passes everything to the model, recording the messages its handler receives.</summary>
    private sealed class RecordingPolicy(SyncModel model, Action<Received> log) : IConnectionPolicy
    {
        public string LocalDeviceName => model.LocalDeviceName;

        public DeviceAdmission Admit(DeviceId remote) => model.Admit(remote);

        public IBepMessageHandler CreateHandler(DeviceId remote) => new RecordingModelHandler(model.CreateHandler(remote), log);

        public Task OnConnectedAsync(BepConnection connection, CancellationToken cancellationToken) => model.OnConnectedAsync(connection, cancellationToken);

        public void OnRejected(DeviceId remote, Hello hello, EndPoint? address, string reason) => model.OnRejected(remote, hello, address, reason);
    }

    private sealed class RecordingModelHandler(IBepMessageHandler inner, Action<Received> log) : IBepMessageHandler
    {
        public Task OnClusterConfigAsync(BepConnection connection, ClusterConfig config, CancellationToken cancellationToken)
        {
            log(new Received("ClusterConfig", "", connection.RemoteDevice, [], config));
            return inner.OnClusterConfigAsync(connection, config, cancellationToken);
        }

        public async Task OnIndexAsync(BepConnection connection, string folder, IReadOnlyList<WireFileInfo> files, bool isUpdate, CancellationToken cancellationToken)
        {
            await inner.OnIndexAsync(connection, folder, files, isUpdate, cancellationToken);
            log(new Received(isUpdate ? "IndexUpdate" : "Index", folder, connection.RemoteDevice, files, null));
        }

        public Task<RequestReply> OnRequestAsync(BepConnection connection, Request request, CancellationToken cancellationToken)
        {
            log(new Received("Request", request.Folder, connection.RemoteDevice, [], null, request));
            return inner.OnRequestAsync(connection, request, cancellationToken);
        }

        public Task OnDownloadProgressAsync(BepConnection connection, DownloadProgress progress, CancellationToken cancellationToken) =>
            inner.OnDownloadProgressAsync(connection, progress, cancellationToken);

        public void OnClosed(BepConnection connection, string reason, Exception? error)
        {
            log(new Received("Closed:" + reason, "", connection.RemoteDevice, [], null));
            inner.OnClosed(connection, reason, error);
        }
    }
}
