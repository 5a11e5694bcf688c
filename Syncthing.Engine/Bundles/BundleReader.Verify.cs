using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Bundles;

internal sealed partial class BundleReader
{
    private async Task VerifyAsync(IReadOnlySet<DeviceId> trusted, CancellationToken cancellationToken)
    {
        using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var records = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var preamble = new byte[BundleFormat.PreambleLength];
        await _stream.ReadExactlyAsync(preamble, cancellationToken).ConfigureAwait(false);
        if (!preamble.AsSpan(0, 8).SequenceEqual(BundleFormat.Magic))
        {
            throw new BundleException("This is not a Syncthing bundle (bad magic).");
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(preamble.AsSpan(8)) != BundleFormat.Version)
        {
            throw new BundleException($"Unsupported bundle version {BinaryPrimitives.ReadUInt16BigEndian(preamble.AsSpan(8))}.");
        }

        content.AppendData(preamble);
        var frameHeader = new byte[BundleFormat.FrameHeaderLength];
        long blockCount = 0;
        long blockBytes = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frameOffset = _stream.Position;
            await _stream.ReadExactlyAsync(frameHeader, cancellationToken).ConfigureAwait(false);
            var type = frameHeader[0];
            var length = BinaryPrimitives.ReadUInt32BigEndian(frameHeader.AsSpan(1));
            var limit = type switch
            {
                BundleFormat.HeaderFrame => BundleFormat.MaxHeaderLength,
                BundleFormat.RecordFrame => BundleFormat.MaxRecordLength,
                BundleFormat.BlockFrame => BundleFormat.MaxBlockFrameLength,
                BundleFormat.TrailerFrame => 4 + BundleFormat.MaxManifestLength + 2 + BundleFormat.MaxSignatureLength,
                _ => throw new BundleException($"Unknown frame type 0x{type:X2} at offset {frameOffset}."),
            };
            if (length > (uint)limit || length > _stream.Length - _stream.Position)
            {
                throw new BundleException(length > (uint)limit
                    ? $"A frame at offset {frameOffset} is longer than the format allows."
                    : "The bundle is truncated (a frame runs past its end).");
            }

            if ((type == BundleFormat.HeaderFrame) != (Header is null))
            {
                throw new BundleException("The bundle's header frame is missing, misplaced or repeated.");
            }

            var payload = ArrayPool<byte>.Shared.Rent(Math.Max((int)length, 1));
            try
            {
                var body = payload.AsMemory(0, (int)length);
                await _stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
                if (type == BundleFormat.TrailerFrame)
                {
                    VerifyTrailer(body.Span, content.GetHashAndReset(), blockCount, blockBytes, trusted);
                    if (_stream.Position != _stream.Length)
                    {
                        throw new BundleException("The bundle has data after its signed trailer.");
                    }

                    _recordsDigest = records.GetHashAndReset();
                    return;
                }

                content.AppendData(frameHeader);
                content.AppendData(body.Span);
                switch (type)
                {
                    case BundleFormat.HeaderFrame:
                        Header = BundleHeader.Decode(body.Span);
                        break;
                    case BundleFormat.RecordFrame:
                        _ = ParseRecord(body.Span, Header!.Folders.Count);
                        records.AppendData(body.Span);
                        _recordOffsets.Add(frameOffset);
                        break;
                    default:
                        blockBytes += IndexBlock(body.Span, frameOffset);
                        blockCount++;
                        break;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
        }
    }

    /// <summary>Checks one block frame's data against its hash and remembers where it is; returns its raw length.</summary>
    private int IndexBlock(ReadOnlySpan<byte> payload, long frameOffset)
    {
        if (payload.Length < BundleFormat.BlockPrefixLength)
        {
            throw new BundleException("A block frame is too short.");
        }

        var hash = payload[..BundleFormat.HashLength];
        var rawLength = BinaryPrimitives.ReadUInt32BigEndian(payload[BundleFormat.HashLength..]);
        var encoding = payload[BundleFormat.BlockPrefixLength - 1];
        if (rawLength > BundleFormat.MaxBlockLength)
        {
            throw new BundleException("A block is larger than the format allows.");
        }

        var body = payload[BundleFormat.BlockPrefixLength..];
        var data = Decode(body, (int)rawLength, encoding);
        if (!SHA256.HashData(data).AsSpan().SequenceEqual(hash))
        {
            throw new BundleException("A block's data does not match its SHA-256 (corrupted or tampered).");
        }

        var offset = frameOffset + BundleFormat.FrameHeaderLength + BundleFormat.BlockPrefixLength;
        _blocks.TryAdd(Convert.ToHexString(hash), new BundleBlockEntry(offset, body.Length, (int)rawLength, encoding));
        return (int)rawLength;
    }

    private void VerifyTrailer(ReadOnlySpan<byte> trailer, byte[] contentHash, long blockCount, long blockBytes, IReadOnlySet<DeviceId> trusted)
    {
        if (Header is null || trailer.Length < 6)
        {
            throw new BundleException("The bundle's trailer is malformed.");
        }

        var manifestLength = BinaryPrimitives.ReadUInt32BigEndian(trailer);
        if (manifestLength > BundleFormat.MaxManifestLength || manifestLength > trailer.Length - 6)
        {
            throw new BundleException("The bundle's manifest length is out of range.");
        }

        var manifestBytes = trailer.Slice(4, (int)manifestLength);
        var signatureLength = BinaryPrimitives.ReadUInt16BigEndian(trailer[(4 + (int)manifestLength)..]);
        var signature = trailer[(6 + (int)manifestLength)..];
        if (signature.Length != signatureLength || signatureLength == 0)
        {
            throw new BundleException("The bundle's signature length is out of range.");
        }

        if (Header.Certificate.Length is 0 or > BundleFormat.MaxCertificateLength)
        {
            throw new BundleException("The bundle's certificate is missing or too large.");
        }

        BundleSigner.Verify(Header.Certificate.Span, SHA256.HashData(manifestBytes), signature, Header.Exporter, trusted, "bundle");
        Manifest = BundleManifest.Decode(manifestBytes);
        if (!string.Equals(Manifest.ContentSha256, Convert.ToHexString(contentHash), StringComparison.OrdinalIgnoreCase))
        {
            throw new BundleException("The bundle's content does not match its signed manifest (tampered or corrupted).");
        }

        if (Manifest.Records != _recordOffsets.Count || Manifest.Blocks != blockCount || Manifest.BlockBytes != blockBytes)
        {
            throw new BundleException("The bundle's record or block counts do not match its signed manifest.");
        }
    }
}
