using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// An importer's signed acknowledgement: <see cref="Device"/> now holds <see cref="Exporter"/>'s index of
/// <see cref="Folder"/> with index ID <see cref="IndexId"/> up to <see cref="Sequence"/>. The exporter stores it
/// with <see cref="AcceptAsync"/>, and its next export to that device starts there by default.
/// </summary>
internal sealed record BundleReceipt(DeviceId Device, DeviceId Exporter, string Folder, ulong IndexId, long Sequence, DateTimeOffset Created)
{
    private const ushort Version = 1;
    private const int MaxJsonLength = 16 * 1024;

    private static ReadOnlySpan<byte> Magic => "STRECEPT"u8;

    /// <summary>
    /// The <see cref="BundleExportOptions.Since"/> to use for the next export to <see cref="Device"/>: the acknowledged
    /// sequence when the receipt is about our current index of the folder, otherwise 0 (everything).
    /// </summary>
    public long SinceFor(IIndexStore store, DeviceId us)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Exporter == us && IndexId == store.GetLocalIndexId(Folder) ? Math.Min(Sequence, store.GetLocalMaxSequence(Folder)) : 0;
    }

    /// <summary>
    /// Verifies a receipt carried back to us (the exporter) and remembers it in the index store, keeping the highest
    /// sequence per folder and device, so that <see cref="BundleExportOptions.Since"/> left null exports only what
    /// the device still lacks. A receipt about an index ID that is no longer ours (the index was reset since) or a
    /// folder we hold nothing of is ignored (<see cref="BundleReceiptAcceptance.Stored"/> false).
    /// </summary>
    /// <exception cref="BundleException">Malformed, tampered with, signed by an untrusted device, or about another device's bundle.</exception>
    public static Task<BundleReceiptAcceptance> AcceptAsync(
        IIndexStore store,
        ReadOnlyMemory<byte> signedReceipt,
        IReadOnlySet<DeviceId> trusted,
        DeviceId us,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(trusted);
        cancellationToken.ThrowIfCancellationRequested();
        var receipt = Decode(signedReceipt.Span, trusted);
        if (receipt.Exporter != us)
        {
            throw new BundleException($"This receipt acknowledges a bundle of {receipt.Exporter}, not of this device ({us}).");
        }

        var ours = store.GetLocalMaxSequence(receipt.Folder);
        if (ours == 0)
        {
            return Task.FromResult(new BundleReceiptAcceptance(receipt, false, 0, $"this device holds nothing of folder {receipt.Folder}"));
        }

        if (receipt.IndexId != store.GetLocalIndexId(receipt.Folder))
        {
            return Task.FromResult(new BundleReceiptAcceptance(receipt, false, 0,
                $"the receipt is about index ID {receipt.IndexId} of folder {receipt.Folder}, which is no longer ours (the index was reset); the next export sends everything"));
        }

        var stored = store.AcknowledgeBundle(receipt.Folder, receipt.Device, receipt.IndexId, Math.Clamp(receipt.Sequence, 0, ours));
        return Task.FromResult(new BundleReceiptAcceptance(receipt, true, stored.MaxSequence, null));
    }

    /// <summary>The receipt signed by <paramref name="identity"/>, which must be <see cref="Device"/>.</summary>
    public byte[] Encode(DeviceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Id != Device)
        {
            throw new ArgumentException("A receipt is signed by the device it speaks for.", nameof(identity));
        }

        var json = EncodeJson();
        var certificate = identity.Certificate.RawData;
        var signature = BundleSigner.Sign(identity, SHA256.HashData(json));
        var output = new byte[8 + 2 + 4 + json.Length + 2 + certificate.Length + 2 + signature.Length];
        var span = output.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], Version);
        BinaryPrimitives.WriteUInt32BigEndian(span[10..], (uint)json.Length);
        json.CopyTo(span[14..]);
        var at = 14 + json.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)certificate.Length);
        certificate.CopyTo(span[(at + 2)..]);
        at += 2 + certificate.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)signature.Length);
        signature.CopyTo(span[(at + 2)..]);
        return output;
    }

    /// <summary>Parses and verifies a receipt: its certificate must be its device's and that device trusted.</summary>
    /// <exception cref="BundleException">Malformed, truncated, tampered with, or signed by an untrusted device.</exception>
    public static BundleReceipt Decode(ReadOnlySpan<byte> data, IReadOnlySet<DeviceId> trusted)
    {
        if (data.Length < 14 || !data[..8].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt16BigEndian(data[8..]) != Version)
        {
            throw new BundleException("This is not a bundle receipt (bad magic or version).");
        }

        var jsonLength = BinaryPrimitives.ReadUInt32BigEndian(data[10..]);
        if (jsonLength > MaxJsonLength || jsonLength > data.Length - 14 - 4)
        {
            throw new BundleException("The receipt is truncated or its length is out of range.");
        }

        var json = data.Slice(14, (int)jsonLength);
        var rest = data[(14 + (int)jsonLength)..];
        var certificate = TakeChunk(ref rest, BundleFormat.MaxCertificateLength);
        var signature = TakeChunk(ref rest, BundleFormat.MaxSignatureLength);
        if (!rest.IsEmpty)
        {
            throw new BundleException("The receipt has data after its signature.");
        }

        var receipt = DecodeJson(json);
        BundleSigner.Verify(certificate, SHA256.HashData(json), signature, receipt.Device, trusted, "receipt");
        return receipt;
    }

    private static ReadOnlySpan<byte> TakeChunk(ref ReadOnlySpan<byte> rest, int max)
    {
        if (rest.Length < 2)
        {
            throw new BundleException("The receipt is truncated.");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(rest);
        if (length == 0 || length > max || length > rest.Length - 2)
        {
            throw new BundleException("The receipt is truncated or a length is out of range.");
        }

        var chunk = rest.Slice(2, length);
        rest = rest[(2 + length)..];
        return chunk;
    }

    private byte[] EncodeJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("device", Device.ToString());
            json.WriteString("exporter", Exporter.ToString());
            json.WriteString("folder", Folder);
            json.WriteString("indexId", IndexId.ToString(CultureInfo.InvariantCulture));
            json.WriteNumber("sequence", Sequence);
            json.WriteString("created", Created.ToString("O", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static BundleReceipt DecodeJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            return new BundleReceipt(
                DeviceId.Parse(root.GetProperty("device").GetString() ?? string.Empty),
                DeviceId.Parse(root.GetProperty("exporter").GetString() ?? string.Empty),
                root.GetProperty("folder").GetString() ?? throw new FormatException("no folder"),
                ulong.Parse(root.GetProperty("indexId").GetString() ?? string.Empty, NumberStyles.None, CultureInfo.InvariantCulture),
                root.GetProperty("sequence").GetInt64(),
                DateTimeOffset.Parse(root.GetProperty("created").GetString() ?? string.Empty, CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new BundleException("The receipt is malformed: " + e.Message, e);
        }
    }
}
