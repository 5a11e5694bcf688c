using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Compression;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// Reads a bundle from a seekable stream. <see cref="OpenAsync"/> reads it once from end to end: every frame
/// length is bounded before anything is allocated, every record is parsed and validated, every block is
/// decompressed and its SHA-256 checked, the manifest's counts and content hash are compared, and the signature is
/// checked against the exporter's certificate and the trusted devices. Only then does it return; it keeps the
/// header and the offset of each block (not the data). <see cref="Records"/> reads the records again and fails,
/// before its last item is consumed, if they differ from what was verified.
/// </summary>
internal sealed partial class BundleReader
{
    private readonly Stream _stream;
    private readonly object _gate = new();
    private readonly Dictionary<string, BundleBlockEntry> _blocks = new(StringComparer.Ordinal);
    private readonly List<long> _recordOffsets = [];
    private byte[] _recordsDigest = [];

    private BundleReader(Stream stream) => _stream = stream;

    public BundleHeader Header { get; private set; } = null!;

    public BundleManifest Manifest { get; private set; } = null!;

    public int BlockCount => _blocks.Count;

    public long RecordCount => _recordOffsets.Count;

    /// <summary>Verifies the whole bundle (see the class summary) and returns a reader over it. The stream stays the caller's.</summary>
    /// <exception cref="BundleException">The bundle is malformed, truncated, tampered with, or not signed by a trusted device.</exception>
    public static async Task<BundleReader> OpenAsync(Stream stream, IReadOnlySet<DeviceId> trusted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(trusted);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("A bundle is read from a readable, seekable stream.", nameof(stream));
        }

        var reader = new BundleReader(stream);
        try
        {
            stream.Position = 0;
            await reader.VerifyAsync(trusted, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new BundleException("The bundle is truncated (it ends before its signed trailer).", e);
        }

        return reader;
    }

    /// <summary>Reads a block by SHA-256 and checks it again; null when the bundle does not carry it.</summary>
    public byte[]? ReadBlock(ReadOnlySpan<byte> hash)
    {
        if (!_blocks.TryGetValue(Convert.ToHexString(hash), out var entry))
        {
            return null;
        }

        var body = ArrayPool<byte>.Shared.Rent(Math.Max(entry.BodyLength, 1));
        try
        {
            lock (_gate)
            {
                _stream.Position = entry.Offset;
                _stream.ReadExactly(body, 0, entry.BodyLength);
            }

            var data = Decode(body.AsSpan(0, entry.BodyLength), entry.RawLength, entry.Encoding);
            return SHA256.HashData(data).AsSpan().SequenceEqual(hash) ? data : null;
        }
        catch (Exception e) when (e is EndOfStreamException or BundleException)
        {
            // Gone or changed since verification (an encrypted bundle's chunk no longer authenticates): not carried.
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>
    /// The records again, in bundle order, with the index of their folder in <see cref="BundleHeader.Folders"/>. Throws
    /// <see cref="BundleException"/> (before the enumeration ends) if they changed since they were verified, so a
    /// store transaction consuming them rolls back.
    /// </summary>
    public IEnumerable<(int Folder, FileRecord Record)> Records(CancellationToken cancellationToken)
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var offset in _recordOffsets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] payload;
            lock (_gate)
            {
                _stream.Position = offset;
                Span<byte> frame = stackalloc byte[BundleFormat.FrameHeaderLength];
                _stream.ReadExactly(frame);
                var length = BinaryPrimitives.ReadUInt32BigEndian(frame[1..]);
                if (frame[0] != BundleFormat.RecordFrame || length > BundleFormat.MaxRecordLength)
                {
                    throw new BundleException("The bundle changed after it was verified.");
                }

                payload = new byte[length];
                _stream.ReadExactly(payload);
            }

            digest.AppendData(payload);
            yield return ParseRecord(payload, Header.Folders.Count);
        }

        if (!digest.GetHashAndReset().AsSpan().SequenceEqual(_recordsDigest))
        {
            throw new BundleException("The bundle's records changed after it was verified.");
        }
    }

    private static byte[] Decode(ReadOnlySpan<byte> body, int rawLength, byte encoding)
    {
        var data = new byte[rawLength];
        if (encoding == BundleFormat.RawBlock)
        {
            if (body.Length != rawLength)
            {
                throw new BundleException("A raw block's length does not match its declared size.");
            }

            body.CopyTo(data);
            return data;
        }

        if (encoding != BundleFormat.Lz4Block)
        {
            throw new BundleException("A block uses an unknown encoding.");
        }

        try
        {
            if (Lz4Block.Decompress(body, data) != rawLength)
            {
                throw new BundleException("A compressed block does not decompress to its declared size.");
            }
        }
        catch (BepProtocolException e)
        {
            throw new BundleException("A compressed block is corrupt.", e);
        }

        return data;
    }

    private static (int Folder, FileRecord Record) ParseRecord(ReadOnlySpan<byte> payload, int folders)
    {
        if (payload.Length < 2)
        {
            throw new BundleException("A record frame is too short.");
        }

        var folder = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (folder >= folders)
        {
            throw new BundleException("A record names a folder the header does not list.");
        }

        Protocol.Wire.FileInfo wire;
        try
        {
            wire = Protocol.Wire.FileInfo.Parser.ParseFrom(payload[2..]);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new BundleException("A record is not a valid FileInfo.", e);
        }

        if (FileInfoValidator.Validate(wire) is { } error)
        {
            throw new BundleException($"A record is invalid: {error}");
        }

        return (folder, WireMapping.ToRecord(wire));
    }
}
