using Syncthing.Engine.Common;

namespace Syncthing.Engine.Puller;

/// <summary>A block could not be obtained from one device (error code, wrong length, closed connection).</summary>
internal sealed class BlockFetchException : SyncthingException
{
    public BlockFetchException(string message)
        : base(message)
    {
    }

    public BlockFetchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public override bool IsTransient => true;
}
