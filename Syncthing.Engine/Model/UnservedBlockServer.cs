using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Model;

/// <summary>
/// The block server used until reading block data from disk exists: it never returns data. It answers with the code
/// 1.19 would give for a request it cannot satisfy: INVALID_FILE for internal names, NO_SUCH_FILE when we hold no
/// valid file under that name, and GENERIC ("cannot serve now") when we do have the file.
/// </summary>
internal sealed class UnservedBlockServer(IIndexStore store) : IBlockServer
{
    public Task<RequestReply> ServeAsync(FolderConfiguration folder, DeviceId device, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(request);
        if (InternalNames.IsInternal(request.Name))
        {
            return Task.FromResult<RequestReply>(new Response { Code = ErrorCode.InvalidFile });
        }

        var local = store.GetLocal(folder.Id, request.Name);
        var code = local is { IsFile: true, Deleted: false, IsInvalid: false } ? ErrorCode.Generic : ErrorCode.NoSuchFile;
        return Task.FromResult<RequestReply>(new Response { Code = code });
    }
}
