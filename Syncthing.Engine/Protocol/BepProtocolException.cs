using Syncthing.Engine.Common;

namespace Syncthing.Engine.Protocol;

/// <summary>
/// A peer broke the Block Exchange Protocol: malformed frame, oversize length, bad compression, invalid name,
/// message out of order. The connection that produced it is closed with <see cref="Exception.Message"/> as the
/// Close reason; other connections are unaffected.
/// </summary>
public sealed class BepProtocolException : SyncthingException
{
    public BepProtocolException(string message) : base(message) { }

    public BepProtocolException(string message, Exception? innerException) : base(message, innerException) { }
}
