using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Compression;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// Writes one bundle to a stream, frame by frame: the header, then records and blocks in any order, then
/// <see cref="FinishAsync"/> writes the signed trailer. Holds one frame at a time, so memory does not depend on
/// the bundle's size. Blocks are LZ4-compressed when that makes them smaller.
/// </summary>
internal sealed class BundleWriter
{
    private readonly Stream _output;
    private readonly DeviceIdentity _identity;
    private readonly IncrementalHash _content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _records;
    private long _blocks;
    private long _blockBytes;
    private bool _finished;

    private BundleWriter(Stream output, DeviceIdentity identity)
    {
        _output = output;
        _identity = identity;
    }

    public long Records => _records;

    public long Blocks => _blocks;

    /// <summary>Bytes written so far (compressed block data included).</summary>
    public long BytesWritten { get; private set; }

    public static async Task<BundleWriter> StartAsync(Stream output, DeviceIdentity identity, BundleHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(header);
        var writer = new BundleWriter(output, identity);
        var preamble = new byte[BundleFormat.PreambleLength];
        BundleFormat.Magic.CopyTo(preamble);
        BinaryPrimitives.WriteUInt16BigEndian(preamble.AsSpan(8), BundleFormat.Version);
        await writer.WriteRawAsync(preamble, hash: true, cancellationToken).ConfigureAwait(false);
        var encoded = header.Encode();
        if (encoded.Length > BundleFormat.MaxHeaderLength)
        {
            throw new BundleException("The bundle header is too large.");
        }

        await writer.WriteFrameAsync(BundleFormat.HeaderFrame, encoded, hash: true, cancellationToken).ConfigureAwait(false);
        return writer;
    }

    public async Task WriteRecordAsync(int folderIndex, FileRecord record, CancellationToken cancellationToken)
    {
        var wire = WireMapping.ToWire(record);
        var length = 2 + wire.CalculateSize();
        if (length > BundleFormat.MaxRecordLength)
        {
            throw new BundleException($"The index record of {record.Name} is too large for a bundle.");
        }

        var payload = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, checked((ushort)folderIndex));
        wire.WriteTo(payload.AsSpan(2));
        await WriteFrameAsync(BundleFormat.RecordFrame, payload, hash: true, cancellationToken).ConfigureAwait(false);
        _records++;
    }

    /// <summary>Writes one block; <paramref name="hash"/> must be the SHA-256 of <paramref name="data"/> (the caller verified it).</summary>
    public async Task WriteBlockAsync(ReadOnlyMemory<byte> hash, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (hash.Length != BundleFormat.HashLength || data.Length > BundleFormat.MaxBlockLength)
        {
            throw new ArgumentException("A block needs a SHA-256 hash and at most 16 MiB of data.", nameof(data));
        }

        var capacity = BundleFormat.BlockPrefixLength + Math.Max(data.Length, Lz4Block.MaxCompressedLength(data.Length));
        var payload = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            hash.Span.CopyTo(payload);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(BundleFormat.HashLength), (uint)data.Length);
            var body = payload.AsSpan(BundleFormat.BlockPrefixLength);
            var compressed = data.Length == 0 ? 0 : Lz4Block.Compress(data.Span, body);
            int bodyLength;
            if (compressed > 0 && compressed < data.Length)
            {
                payload[BundleFormat.BlockPrefixLength - 1] = BundleFormat.Lz4Block;
                bodyLength = compressed;
            }
            else
            {
                payload[BundleFormat.BlockPrefixLength - 1] = BundleFormat.RawBlock;
                data.Span.CopyTo(body);
                bodyLength = data.Length;
            }

            await WriteFrameAsync(BundleFormat.BlockFrame, payload.AsMemory(0, BundleFormat.BlockPrefixLength + bodyLength), hash: true, cancellationToken).ConfigureAwait(false);
            _blocks++;
            _blockBytes += data.Length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <summary>Writes the manifest and the signature; the bundle is complete after this.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        var manifest = new BundleManifest(_records, _blocks, _blockBytes, Convert.ToHexString(_content.GetHashAndReset())).Encode();
        var signature = BundleSigner.Sign(_identity, SHA256.HashData(manifest));
        var trailer = new byte[4 + manifest.Length + 2 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, (uint)manifest.Length);
        manifest.CopyTo(trailer, 4);
        BinaryPrimitives.WriteUInt16BigEndian(trailer.AsSpan(4 + manifest.Length), (ushort)signature.Length);
        signature.CopyTo(trailer, 6 + manifest.Length);
        await WriteFrameAsync(BundleFormat.TrailerFrame, trailer, hash: false, cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        _content.Dispose();
    }

    private async Task WriteFrameAsync(byte type, ReadOnlyMemory<byte> payload, bool hash, CancellationToken cancellationToken)
    {
        var frame = new byte[BundleFormat.FrameHeaderLength];
        frame[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        await WriteRawAsync(frame, hash, cancellationToken).ConfigureAwait(false);
        await WriteRawAsync(payload, hash, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteRawAsync(ReadOnlyMemory<byte> data, bool hash, CancellationToken cancellationToken)
    {
        if (hash)
        {
            _content.AppendData(data.Span);
        }

        await _output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        BytesWritten += data.Length;
    }
}
