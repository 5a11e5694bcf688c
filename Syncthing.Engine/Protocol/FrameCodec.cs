using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Syncthing.Engine.Common;
using Syncthing.Engine.Protocol.Compression;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Protocol;

/// <summary>
/// Encodes and decodes post-Hello frames: u16 header length, Header, u32 message length, payload (the message
/// protobuf, or Syncthing's LZ4 wrapper when the header says so). Every length is bounded before allocation.
/// </summary>
internal static class FrameCodec
{
    /// <summary>
    /// Encodes one message into a complete frame in a rented buffer; the caller returns it to the pool. A message
    /// sent uncompressed is serialized straight into the frame (one copy of a block's data, none through a
    /// temporary body).
    /// </summary>
    public static RentedFrame Encode(IMessage message, CompressionMode mode)
    {
        var type = BepMessage.TypeOf(message);
        var size = message.CalculateSize();
        if (size > BepLimits.MaxMessageLength)
        {
            throw new ArgumentException($"{type} of {size} bytes exceeds the protocol limit.", nameof(message));
        }

        var compressible = size >= BepLimits.CompressionThreshold &&
            (mode == CompressionMode.Always || (mode == CompressionMode.Metadata && type != MessageType.Response));
        if (!compressible)
        {
            return EncodePlain(type, message, size);
        }

        var body = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            message.WriteTo(body.AsSpan(0, size));
            return TryEncodeCompressed(type, body.AsSpan(0, size)) ?? EncodePlain(type, body.AsSpan(0, size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private static RentedFrame? TryEncodeCompressed(MessageType type, ReadOnlySpan<byte> body)
    {
        var header = new Header { Type = type, Compression = MessageCompression.Lz4 };
        var headerSize = header.CalculateSize();
        var payloadStart = 2 + headerSize + 4;
        // Only worth it when the result is at most n - n/32 bytes, as Syncthing decides; TryCompress enforces that.
        var buffer = ArrayPool<byte>.Shared.Rent(payloadStart + Lz4Message.CompressionLimit(body.Length));
        if (!Lz4Message.TryCompress(body, buffer.AsSpan(payloadStart), out var written))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        WritePrefix(buffer, header, headerSize, written);
        return new RentedFrame(buffer, payloadStart + written);
    }

    private static RentedFrame EncodePlain(MessageType type, ReadOnlySpan<byte> body)
    {
        var header = new Header { Type = type };
        var headerSize = header.CalculateSize();
        var length = 2 + headerSize + 4 + body.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        WritePrefix(buffer, header, headerSize, body.Length);
        body.CopyTo(buffer.AsSpan(2 + headerSize + 4));
        return new RentedFrame(buffer, length);
    }

    private static RentedFrame EncodePlain(MessageType type, IMessage message, int size)
    {
        var header = new Header { Type = type };
        var headerSize = header.CalculateSize();
        var length = 2 + headerSize + 4 + size;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            WritePrefix(buffer, header, headerSize, size);
            message.WriteTo(buffer.AsSpan(2 + headerSize + 4, size));
            return new RentedFrame(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static void WritePrefix(byte[] buffer, Header header, int headerSize, int payloadLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)headerSize);
        header.WriteTo(buffer.AsSpan(2, headerSize));
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(2 + headerSize), payloadLength);
    }

    /// <summary>Reads one frame; throws <see cref="BepProtocolException"/> on anything malformed or oversize.</summary>
    public static async Task<BepMessage> ReadAsync(Stream stream, int maxMessageLength, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        await HelloCodec.ReadExactlyAsync(stream, prefix.AsMemory(0, 2), "frame header length", cancellationToken).ConfigureAwait(false);
        var headerLength = BinaryPrimitives.ReadInt16BigEndian(prefix);
        if (headerLength < 0 || headerLength > BepLimits.MaxHeaderLength)
        {
            throw new BepProtocolException($"invalid header length {headerLength}");
        }

        var headerBytes = new byte[headerLength];
        await HelloCodec.ReadExactlyAsync(stream, headerBytes, "frame header", cancellationToken).ConfigureAwait(false);
        var header = ParseHeader(headerBytes);

        await HelloCodec.ReadExactlyAsync(stream, prefix, "message length", cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < 0 || length > maxMessageLength)
        {
            throw new BepProtocolException($"message length {length} out of range (0..{maxMessageLength})");
        }

        if (header.Compression is not (MessageCompression.None or MessageCompression.Lz4))
        {
            throw new BepProtocolException($"unknown message compression {(int)header.Compression}");
        }

        var parser = BepMessage.ParserFor(header.Type)
            ?? throw new BepProtocolException($"unknown message type {(int)header.Type}");

        var payload = await ReadPayloadAsync(stream, length, cancellationToken).ConfigureAwait(false);
        if (header.Type == MessageType.Response && header.Compression == MessageCompression.None &&
            ResponseReader.TryRead(payload.Memory, out var response))
        {
            // The block stays in the payload buffer; the message owns it from here on.
            return new BepMessage(header.Type, response, length, Compressed: false) { Lease = payload };
        }

        try
        {
            if (header.Compression == MessageCompression.Lz4)
            {
                using var plain = Lz4Message.Decompress(payload.Span, maxMessageLength);
                return new BepMessage(header.Type, Parse(parser, header.Type, plain.Memory.Span), length, Compressed: true);
            }

            return new BepMessage(header.Type, Parse(parser, header.Type, payload.Span), length, Compressed: false);
        }
        finally
        {
            payload.Dispose();
        }
    }

    private static Header ParseHeader(byte[] bytes)
    {
        try
        {
            return Header.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new BepProtocolException($"malformed message header: {e.Message}", e);
        }
    }

    private static IMessage Parse(MessageParser parser, MessageType type, ReadOnlySpan<byte> data)
    {
        try
        {
            return parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new BepProtocolException($"malformed {type} message: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a payload of the declared length into a pooled buffer that starts at 64 KiB and grows eightfold only when
    /// full, so a peer that declares a large message and sends little makes us allocate little (at most eight times
    /// what arrived: FramePropertyTests). Eightfold rather than doubling: a Response for a 1 MiB block (files of
    /// 1–2 GB, the 1 GiB benchmark file) went 64 → 128 → 256 → 512 KiB → 1 MiB → 2 MiB and copied about 2 MiB per
    /// block while the buffer grew, about 40 % of the receiver's memmove in that benchmark's profile; now it goes
    /// 64 KiB → 512 KiB → the declared length and copies 576 KiB; a 128 KiB block copies 64 KiB instead of 192.
    /// </summary>
    private static async Task<PooledBuffer> ReadPayloadAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        const int InitialChunk = 64 * 1024;
        const int Growth = 8;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, Math.Min(length, InitialChunk)));
        var filled = 0;
        try
        {
            while (filled < length)
            {
                if (filled == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, (long)filled * Growth));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var want = Math.Min(buffer.Length, length) - filled;
                var read = await stream.ReadAsync(buffer.AsMemory(filled, want), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new BepProtocolException("connection closed while reading message body");
                }

                filled += read;
            }

            return new PooledBuffer(ArrayPool<byte>.Shared, buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}

/// <summary>An encoded frame in a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
internal readonly record struct RentedFrame(byte[] Buffer, int Length) : IDisposable
{
    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);
}
