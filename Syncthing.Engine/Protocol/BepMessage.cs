using Google.Protobuf;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Protocol;

/// <summary>A decoded post-Hello message: its type and the protobuf body.</summary>
/// <param name="Type">The header's message type.</param>
/// <param name="Body">The decoded protobuf message; its runtime type matches <paramref name="Type"/>.</param>
/// <param name="WireLength">Payload bytes as received (compressed size when compressed).</param>
/// <param name="Compressed">True when the payload arrived LZ4-compressed.</param>
public sealed record BepMessage(MessageType Type, IMessage Body, int WireLength, bool Compressed)
{
    /// <summary>
    /// For a Response read without copying its data: the rented buffer the data lives in. Whoever consumes the
    /// message disposes it (or leaves it to the garbage collector); null for every other message.
    /// </summary>
    internal IDisposable? Lease { get; init; }

    public static MessageType TypeOf(IMessage message) => message switch
    {
        ClusterConfig => MessageType.ClusterConfig,
        Wire.Index => MessageType.Index,
        IndexUpdate => MessageType.IndexUpdate,
        Request => MessageType.Request,
        Response => MessageType.Response,
        DownloadProgress => MessageType.DownloadProgress,
        Ping => MessageType.Ping,
        Close => MessageType.Close,
        _ => throw new ArgumentException($"{message.GetType().Name} is not a BEP message.", nameof(message)),
    };

    internal static MessageParser? ParserFor(MessageType type) => type switch
    {
        MessageType.ClusterConfig => ClusterConfig.Parser,
        MessageType.Index => Wire.Index.Parser,
        MessageType.IndexUpdate => IndexUpdate.Parser,
        MessageType.Request => Request.Parser,
        MessageType.Response => Response.Parser,
        MessageType.DownloadProgress => DownloadProgress.Parser,
        MessageType.Ping => Ping.Parser,
        MessageType.Close => Close.Parser,
        _ => null,
    };
}
