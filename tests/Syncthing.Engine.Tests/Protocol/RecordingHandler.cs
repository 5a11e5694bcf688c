using System.Collections.Concurrent;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using FileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Engine.Tests.Protocol;

/// <summary>Records what a connection delivers; answers Requests with a supplied function.</summary>
internal sealed class RecordingHandler : IBepMessageHandler
{
    private readonly TaskCompletionSource<(string Reason, Exception? Error)> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<ClusterConfig> ClusterConfigs { get; } = new();

    public ConcurrentQueue<(string Folder, IReadOnlyList<FileInfo> Files, bool IsUpdate)> Indexes { get; } = new();

    public Func<Request, Response> Serve { get; set; } = _ => new Response { Code = ErrorCode.NoSuchFile };

    /// <summary>When set, answers instead of <see cref="Serve"/> with a reply that may own a lease.</summary>
    public Func<Request, RequestReply>? ServeReply { get; set; }

    public Task<(string Reason, Exception? Error)> Closed => _closed.Task;

    public TaskCompletionSource FirstIndex { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task OnClusterConfigAsync(BepConnection connection, ClusterConfig config, CancellationToken cancellationToken)
    {
        ClusterConfigs.Enqueue(config);
        return Task.CompletedTask;
    }

    public Task OnIndexAsync(BepConnection connection, string folder, IReadOnlyList<FileInfo> files, bool isUpdate, CancellationToken cancellationToken)
    {
        Indexes.Enqueue((folder, files, isUpdate));
        FirstIndex.TrySetResult();
        return HoldIndex ?? Task.CompletedTask;
    }

    /// <summary>When set, an index is handled only once this completes (a slow index apply).</summary>
    public Task? HoldIndex { get; set; }

    /// <summary>When set, answers instead of the others, possibly later.</summary>
    public Func<Request, Task<RequestReply>>? ServeLater { get; set; }

    /// <summary>Names of the requests in the order the handler was called.</summary>
    public ConcurrentQueue<string> RequestOrder { get; } = new();

    public Task<RequestReply> OnRequestAsync(BepConnection connection, Request request, CancellationToken cancellationToken)
    {
        RequestOrder.Enqueue(request.Name);
        return ServeLater?.Invoke(request) ?? Task.FromResult(ServeReply?.Invoke(request) ?? Serve(request));
    }

    public Task OnDownloadProgressAsync(BepConnection connection, DownloadProgress progress, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public void OnClosed(BepConnection connection, string reason, Exception? error) => _closed.TrySetResult((reason, error));
}
