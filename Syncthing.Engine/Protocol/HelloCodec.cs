using System.Buffers.Binary;
using Google.Protobuf;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Protocol;

/// <summary>Writes and reads the pre-authentication Hello: magic, u16 length, protobuf.</summary>
internal static class HelloCodec
{
    public static byte[] Encode(Hello hello)
    {
        var size = hello.CalculateSize();
        if (size > BepLimits.MaxHelloLength)
        {
            throw new ArgumentException($"Hello of {size} bytes exceeds {BepLimits.MaxHelloLength}.", nameof(hello));
        }

        var buffer = new byte[6 + size];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, BepLimits.HelloMagic);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(4), (ushort)size);
        hello.WriteTo(buffer.AsSpan(6));
        return buffer;
    }

    public static async Task WriteAsync(Stream stream, Hello hello, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encode(hello), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<Hello> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[6];
        await ReadExactlyAsync(stream, head, "hello header", cancellationToken).ConfigureAwait(false);
        var magic = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (magic != BepLimits.HelloMagic)
        {
            throw new BepProtocolException(Array.IndexOf(BepLimits.OldMagics, magic) >= 0
                ? "the remote device speaks an older version of the protocol not compatible with this version"
                : $"the remote device speaks an unknown (newer?) version of the protocol (magic 0x{magic:X8})");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(4));
        if (length > BepLimits.MaxHelloLength)
        {
            throw new BepProtocolException($"hello message too big ({length} bytes)");
        }

        var body = new byte[length];
        await ReadExactlyAsync(stream, body, "hello message", cancellationToken).ConfigureAwait(false);
        try
        {
            return Hello.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new BepProtocolException($"malformed hello message: {e.Message}", e);
        }
    }

    internal static async Task ReadExactlyAsync(Stream stream, Memory<byte> buffer, string what, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new BepProtocolException($"connection closed while reading {what}", e);
        }
    }
}
