using Syncthing.Engine.Protocol.Wire;
using FileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Engine.Protocol;

/// <summary>
/// What a <see cref="BepConnection"/> calls for each message it receives. ClusterConfig, Index and
/// DownloadProgress are delivered one at a time in arrival order; Requests are handled concurrently. An exception
/// thrown by a handler closes that connection with the exception's message as the reason.
/// </summary>
public interface IBepMessageHandler
{
    Task OnClusterConfigAsync(BepConnection connection, ClusterConfig config, CancellationToken cancellationToken);

    /// <summary>An Index (<paramref name="isUpdate"/> false: replaces everything) or IndexUpdate (upserts).</summary>
    Task OnIndexAsync(BepConnection connection, string folder, IReadOnlyList<FileInfo> files, bool isUpdate, CancellationToken cancellationToken);

    /// <summary>
    /// Answers a block request; the connection fills in the response ID and disposes the reply once it is sent.
    /// </summary>
    Task<RequestReply> OnRequestAsync(BepConnection connection, Request request, CancellationToken cancellationToken);

    Task OnDownloadProgressAsync(BepConnection connection, DownloadProgress progress, CancellationToken cancellationToken);

    /// <summary>Called once when the connection has ended, with the reason (ours or the peer's).</summary>
    void OnClosed(BepConnection connection, string reason, Exception? error);
}
