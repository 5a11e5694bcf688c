using Syncthing.Engine.Bundles;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Bundles;

/// <summary>Every broken or foreign bundle is refused with a clear error before the folder or the index change.</summary>
public sealed class BundleRejectionTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly BundleNode _a;
    private readonly BundleNode _c;

    public BundleRejectionTests()
    {
        _a = new BundleNode(_time);
        _c = new BundleNode(_time);
        BundleNode.Trust(_a, _c);
        _a.Write("file.txt", "some text that compresses, some text that compresses"u8.ToArray());
        _a.Write("random.bin", Puller.PullerFixture.Random(40_000, 9));
        _c.Write("mine.txt", "C's own file"u8.ToArray());
    }

    [Fact]
    public async Task Every_flipped_byte_is_rejected_and_nothing_changes()
    {
        var (bundle, _) = await _a.ExportAsync(_c);
        await _c.ScanAsync();
        var before = Snapshot();
        var positions = new SortedSet<int> { 0, 9, 12, 20, 200, bundle.Length / 3, bundle.Length / 2, bundle.Length - 200, bundle.Length - 30, bundle.Length - 1 };
        for (var p = 0; p < bundle.Length; p += 997)
        {
            positions.Add(p);
        }

        foreach (var position in positions)
        {
            var tampered = (byte[])bundle.Clone();
            tampered[position] ^= 0x20;
            var error = await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync(tampered, scan: false));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.Equal(before, Snapshot());
        }
    }

    [Fact]
    public async Task Every_truncation_is_rejected_and_nothing_changes()
    {
        var (bundle, _) = await _a.ExportAsync(_c);
        await _c.ScanAsync();
        var before = Snapshot();
        foreach (var length in new[] { 0, 5, 12, 16, 100, bundle.Length / 2, bundle.Length - 100, bundle.Length - 1 })
        {
            var error = await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync(bundle[..length], scan: false));
            Assert.Contains(length < 8 ? "truncated" : "", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, Snapshot());
        }

        await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync([.. bundle, 0], scan: false));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task An_unknown_signer_a_foreign_target_and_a_wrong_signer_are_rejected()
    {
        var (bundle, _) = await _a.ExportAsync(_c);
        await _c.ScanAsync();
        var before = Snapshot();

        _c.Trusted.Remove(_a.Id);
        var unknown = await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync(bundle, scan: false));
        Assert.Contains("unknown signer", unknown.Message, StringComparison.Ordinal);
        _c.Trusted.Add(_a.Id);

        using var b = new BundleNode(_time);
        BundleNode.Trust(_a, b, _c);
        var (forB, _) = await _a.ExportAsync(b);
        var foreign = await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync(forB, scan: false));
        Assert.Contains("not to this device", foreign.Message, StringComparison.Ordinal);

        // B re-signs A's bundle with its own key but leaves A named as exporter: the certificate gives it away.
        var forged = await Forge(bundle, b);
        var wrong = await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync(forged, scan: false));
        Assert.Contains("wrong signer", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_tampered_or_foreign_receipt_is_rejected()
    {
        var result = await _a.SendAsync(_c);
        var receipt = result.Folders[0].SignedReceipt.ToArray();

        var tampered = (byte[])receipt.Clone();
        tampered[40] ^= 1;
        Assert.Throws<BundleException>(() => BundleReceipt.Decode(tampered, _a.Trusted));
        Assert.Throws<BundleException>(() => BundleReceipt.Decode(receipt.AsSpan(0, receipt.Length - 3), _a.Trusted));
        Assert.Throws<BundleException>(() => BundleReceipt.Decode(receipt, new HashSet<Syncthing.Engine.Identity.DeviceId>()));
        var decoded = BundleReceipt.Decode(receipt, _a.Trusted);
        Assert.Equal(_c.Id, decoded.Device);
        Assert.Equal(_a.Store.GetLocalMaxSequence(BundleNode.Folder), decoded.SinceFor(_a.Store, _a.Id));
    }

    /// <summary>A's header (naming A, with A's certificate swapped for B's) re-signed by B.</summary>
    private static async Task<byte[]> Forge(byte[] bundle, BundleNode signer)
    {
        var header = ReadHeader(bundle);
        var forgedHeader = header with { Certificate = signer.Identity.Certificate.RawData };
        using var output = new MemoryStream();
        var writer = await BundleWriter.StartAsync(output, signer.Identity, forgedHeader, CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);
        return output.ToArray();
    }

    private static BundleHeader ReadHeader(byte[] bundle)
    {
        var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bundle.AsSpan(BundleFormat.PreambleLength + 1));
        return BundleHeader.Decode(bundle.AsSpan(BundleFormat.PreambleLength + BundleFormat.FrameHeaderLength, length));
    }

    private string Snapshot() =>
        string.Join(';', _c.Tree().Select(e => e.Key + "=" + e.Value)) +
        $"|{_c.Store.GetLocalMaxSequence(BundleNode.Folder)}|{_c.Store.GetRemoteIndex(BundleNode.Folder, _a.Id)}|{_c.Store.GlobalCounts(BundleNode.Folder)}";

    public void Dispose()
    {
        _a.Dispose();
        _c.Dispose();
    }
}
