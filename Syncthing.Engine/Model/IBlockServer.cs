using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Model;

/// <summary>
/// Answers a peer's block Request for a folder that is shared with that peer and running (the model has checked
/// that, and answers GENERIC otherwise, as 1.19 does). Returns the Response without its ID; the caller disposes the
/// reply once it has been sent (the data may live in a rented buffer).
/// </summary>
internal interface IBlockServer
{
    Task<RequestReply> ServeAsync(FolderConfiguration folder, DeviceId device, Request request, CancellationToken cancellationToken);
}
