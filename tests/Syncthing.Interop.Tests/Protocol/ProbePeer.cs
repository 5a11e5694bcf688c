using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using FileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Interop.Tests.Protocol;

/// <summary>
/// A minimal BEP peer for interop tests: admits only the devices it is told about, sends a ClusterConfig that
/// shares one folder with the peer (entries for both ends), and records everything it receives.
/// </summary>
internal sealed class ProbePeer(DeviceId self, string folder, IEnumerable<DeviceId> known) : IConnectionPolicy, IBepMessageHandler
{
    private readonly HashSet<DeviceId> _known = [.. known];

    public string LocalDeviceName => "interop-probe";

    public ConcurrentDictionary<string, FileInfo> Files { get; } = new();

    public ConcurrentQueue<(bool IsUpdate, int Count)> IndexMessages { get; } = new();

    public ConcurrentQueue<ClusterConfig> ClusterConfigs { get; } = new();

    public ConcurrentQueue<(DeviceId Device, Hello Hello, string Reason)> Rejected { get; } = new();

    public ConcurrentQueue<BepConnection> Connected { get; } = new();

    public TaskCompletionSource<string> ClosedReason { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeviceAdmission Admit(DeviceId remote) => _known.Contains(remote) ? DeviceAdmission.Allow() : DeviceAdmission.Unknown;

    public IBepMessageHandler CreateHandler(DeviceId remote) => this;

    public async Task OnConnectedAsync(BepConnection connection, CancellationToken cancellationToken)
    {
        Connected.Enqueue(connection);
        await connection.SendAsync(ClusterConfigFor(connection.RemoteDevice), cancellationToken);
    }

    public ClusterConfig ClusterConfigFor(DeviceId remote) => new()
    {
        Folders =
        {
            new Folder
            {
                Id = folder,
                Label = folder,
                Devices =
                {
                    new Device { Id = ByteString.CopyFrom(self.Bytes), Name = LocalDeviceName },
                    new Device { Id = ByteString.CopyFrom(remote.Bytes), Name = "real" },
                },
            },
        },
    };

    public void OnRejected(DeviceId remote, Hello hello, EndPoint? address, string reason) => Rejected.Enqueue((remote, hello, reason));

    public Task OnClusterConfigAsync(BepConnection connection, ClusterConfig config, CancellationToken cancellationToken)
    {
        ClusterConfigs.Enqueue(config);
        return Task.CompletedTask;
    }

    public Task OnIndexAsync(BepConnection connection, string folderId, IReadOnlyList<FileInfo> files, bool isUpdate, CancellationToken cancellationToken)
    {
        IndexMessages.Enqueue((isUpdate, files.Count));
        foreach (var f in files)
        {
            Files[f.Name] = f;
        }

        return Task.CompletedTask;
    }

    /// <summary>How block requests are answered (default: NO_SUCH_FILE); a hostile peer answers with bad data.</summary>
    public Func<Request, Response> Answer { get; set; } = _ => new Response { Code = ErrorCode.NoSuchFile };

    public ConcurrentQueue<Request> Requests { get; } = new();

    public Task<RequestReply> OnRequestAsync(BepConnection connection, Request request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Task.FromResult<RequestReply>(Answer(request));
    }

    public Task OnDownloadProgressAsync(BepConnection connection, DownloadProgress progress, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public void OnClosed(BepConnection connection, string reason, Exception? error) => ClosedReason.TrySetResult(reason);
}
