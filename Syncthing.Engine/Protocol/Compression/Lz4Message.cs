using Syncthing.Engine.Common;
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Syncthing.Engine.Protocol.Compression;

/// <summary>
/// Syncthing's LZ4 message wrapper (BEP §2.3): a 4-byte big-endian uncompressed length followed by exactly one
/// raw LZ4 block (<see cref="Lz4Block"/>). This is the payload of a frame whose header says compression = LZ4;
/// the frame's message length counts the prefix and the block.
/// </summary>
/// <remarks>
/// Ownership: span-based methods write into caller memory and keep nothing. Methods returning an
/// <see cref="IMemoryOwner{T}"/> hand the caller a rented buffer sized exactly to the result; the caller must
/// dispose it (which returns it to the pool) and must not use its memory afterwards.
/// </remarks>
internal static class Lz4Message
{
    /// <summary>Size of the big-endian uncompressed-length prefix.</summary>
    public const int PrefixLength = 4;

    /// <summary>Largest message Syncthing accepts (BEP §2.5), the default decompression limit.</summary>
    public const int DefaultMaxDecompressedLength = 500_000_000;

    /// <summary>
    /// Most output one byte of LZ4 block can produce. Derivation: a sequence with a match costs a token, its
    /// literal-length bytes, L literals, a 2-byte offset and m match-length bytes, and produces L literals plus at
    /// most 4 + 15 + 255(m - 1) + 254 = 18 + 255m match bytes (at most 18 when m = 0); since 18 &lt;= 255 * 3 the
    /// output is at most 255 times the bytes consumed. The final literals-only sequence produces at most as many
    /// bytes as it consumes. Hence decoded length &lt;= 255 * block length, with no additive constant needed.
    /// </summary>
    public const int MaxExpansionRatio = 255;

    /// <summary>
    /// Largest wrapped payload (prefix + block) worth sending for <paramref name="uncompressedLength"/> bytes:
    /// n - n/32, i.e. compression must save at least 3.125 %, as Syncthing's sender requires.
    /// </summary>
    public static int CompressionLimit(int uncompressedLength) => uncompressedLength - (uncompressedLength / 32);

    /// <summary>Worst-case wrapped size (prefix + <see cref="Lz4Block.MaxCompressedLength"/>).</summary>
    public static int MaxCompressedLength(int uncompressedLength) =>
        PrefixLength + Lz4Block.MaxCompressedLength(uncompressedLength);

    /// <summary>
    /// Wraps <paramref name="payload"/> unconditionally (no worthwhile-ness check).
    /// </summary>
    /// <param name="payload">The marshalled message.</param>
    /// <param name="destination">At least <see cref="MaxCompressedLength"/> bytes.</param>
    /// <returns>The number of bytes written (prefix + block).</returns>
    public static int Compress(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        if (destination.Length < MaxCompressedLength(payload.Length))
        {
            throw new ArgumentException("Destination is shorter than MaxCompressedLength(payload).", nameof(destination));
        }

        var blockLength = Lz4Block.Compress(payload, destination[PrefixLength..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)payload.Length);
        return PrefixLength + blockLength;
    }

    /// <summary>
    /// Wraps <paramref name="payload"/> into <paramref name="destination"/> if the result fits both the
    /// destination and <see cref="CompressionLimit"/>. On false the caller sends the payload uncompressed; the
    /// destination may then hold partial output.
    /// </summary>
    /// <param name="payload">The marshalled message.</param>
    /// <param name="destination">Where prefix + block go; <see cref="CompressionLimit"/> bytes are always enough.</param>
    /// <param name="bytesWritten">Prefix + block length on success, else 0.</param>
    public static bool TryCompress(ReadOnlySpan<byte> payload, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        var limit = Math.Min(destination.Length, CompressionLimit(payload.Length));
        if (limit <= PrefixLength)
        {
            return false;
        }

        var blockLength = Lz4Block.Compress(payload, destination[PrefixLength..limit]);
        if (blockLength == 0)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)payload.Length);
        bytesWritten = PrefixLength + blockLength;
        return true;
    }

    /// <summary>
    /// Wraps <paramref name="payload"/> into a buffer rented from <see cref="ArrayPool{T}.Shared"/> when that is
    /// worth it (see <see cref="TryCompress(ReadOnlySpan{byte}, Span{byte}, out int)"/>).
    /// </summary>
    /// <param name="payload">The marshalled message.</param>
    /// <param name="compressed">On true, the prefix + block, exactly sized; the caller owns and must dispose it.</param>
    public static bool TryCompress(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out IMemoryOwner<byte>? compressed)
    {
        compressed = null;
        var limit = CompressionLimit(payload.Length);
        if (limit <= PrefixLength)
        {
            return false;
        }

        var rented = ArrayPool<byte>.Shared.Rent(limit);
        try
        {
            if (!TryCompress(payload, rented.AsSpan(0, limit), out var written))
            {
                return false;
            }

            var result = new PooledBuffer(ArrayPool<byte>.Shared, written);
            rented.AsSpan(0, written).CopyTo(result.Span);
            compressed = result;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Reads and validates the declared uncompressed length, before anything is allocated for it.
    /// </summary>
    /// <param name="message">The whole wrapped payload (prefix + block).</param>
    /// <param name="maxDecompressedLength">Caller's limit (typically <see cref="DefaultMaxDecompressedLength"/>).</param>
    /// <exception cref="BepProtocolException">The prefix is missing, negative as int32, over the limit, or larger
    /// than the block could expand to (<see cref="MaxExpansionRatio"/>).</exception>
    public static int ReadDecompressedLength(ReadOnlySpan<byte> message, int maxDecompressedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecompressedLength);
        if (message.Length < PrefixLength)
        {
            throw new BepProtocolException($"LZ4: message of {message.Length} bytes is shorter than its length prefix.");
        }

        var declared = BinaryPrimitives.ReadInt32BigEndian(message);
        if (declared < 0 || declared > maxDecompressedLength)
        {
            throw new BepProtocolException(
                $"LZ4: declared uncompressed length {(uint)declared} exceeds the limit of {maxDecompressedLength} bytes.");
        }

        var blockLength = message.Length - PrefixLength;
        if (declared > (long)MaxExpansionRatio * blockLength)
        {
            throw new BepProtocolException(
                $"LZ4: declared uncompressed length {declared} is impossible for a {blockLength}-byte block.");
        }

        return declared;
    }

    /// <summary>
    /// Decodes a wrapped payload into caller memory.
    /// </summary>
    /// <param name="message">The whole wrapped payload (prefix + block).</param>
    /// <param name="destination">At least <see cref="ReadDecompressedLength"/> bytes (use that first to size it).</param>
    /// <param name="maxDecompressedLength">Caller's limit on the declared length.</param>
    /// <returns>The decoded length, always equal to the declared one.</returns>
    /// <exception cref="BepProtocolException">Malformed prefix or block, or decoded size differs from declared.</exception>
    /// <exception cref="ArgumentException">The destination is shorter than the declared length.</exception>
    public static int Decompress(ReadOnlySpan<byte> message, Span<byte> destination, int maxDecompressedLength)
    {
        var declared = ReadDecompressedLength(message, maxDecompressedLength);
        if (destination.Length < declared)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; {declared} needed.", nameof(destination));
        }

        DecodeExactly(message[PrefixLength..], destination[..declared]);
        return declared;
    }

    /// <summary>Decodes a wrapped payload, limited to <see cref="DefaultMaxDecompressedLength"/> bytes.</summary>
    /// <returns>The decoded message, exactly sized, in a rented buffer the caller must dispose.</returns>
    /// <exception cref="BepProtocolException">Malformed or oversize input.</exception>
    public static IMemoryOwner<byte> Decompress(ReadOnlySpan<byte> message) =>
        Decompress(message, DefaultMaxDecompressedLength);

    /// <summary>Decodes a wrapped payload into a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
    /// <param name="message">The whole wrapped payload (prefix + block).</param>
    /// <param name="maxDecompressedLength">Caller's limit on the declared length.</param>
    /// <returns>The decoded message, exactly sized; the caller owns and must dispose it.</returns>
    /// <exception cref="BepProtocolException">Malformed or oversize input; nothing stays rented.</exception>
    public static IMemoryOwner<byte> Decompress(ReadOnlySpan<byte> message, int maxDecompressedLength)
    {
        var declared = ReadDecompressedLength(message, maxDecompressedLength);
        var buffer = new PooledBuffer(ArrayPool<byte>.Shared, declared);
        try
        {
            DecodeExactly(message[PrefixLength..], buffer.Span);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    // The destination is exactly the declared size, so overlong output fails inside the block decoder and
    // trailing garbage cannot decode; short output is checked here.
    private static void DecodeExactly(ReadOnlySpan<byte> block, Span<byte> destination)
    {
        // An encoder may emit nothing at all for empty input; accept that one degenerate form.
        if (block.IsEmpty && destination.IsEmpty)
        {
            return;
        }

        var decoded = Lz4Block.Decompress(block, destination);
        if (decoded != destination.Length)
        {
            throw new BepProtocolException(
                $"LZ4: block decoded to {decoded} bytes but the prefix declared {destination.Length}.");
        }
    }
}
