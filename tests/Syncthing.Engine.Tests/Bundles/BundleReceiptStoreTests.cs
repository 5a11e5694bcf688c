using Syncthing.Engine.Bundles;
using Syncthing.Engine.Index;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Bundles;

/// <summary>Receipts remembered by the exporter: with default options the next export carries only what the target lacks.</summary>
public sealed class BundleReceiptStoreTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly BundleNode _a;
    private readonly BundleNode _c;

    public BundleReceiptStoreTests()
    {
        _a = new BundleNode(_time);
        _c = new BundleNode(_time);
        BundleNode.Trust(_a, _c);
        _a.Write("one.txt", "1"u8.ToArray());
        _a.Write("two.txt", "2"u8.ToArray());
    }

    [Fact]
    public async Task After_an_accepted_receipt_a_default_export_carries_only_the_new_changes()
    {
        var first = await ExportDefaultAsync();
        Assert.Equal(0, first.Result.Range.FromSequence);
        Assert.Equal(2, first.Result.Records);
        var imported = await _c.ImportAsync(first.Bundle);

        var accepted = await BundleReceipt.AcceptAsync(_a.Store, imported.Folders[0].SignedReceipt, _a.Trusted, _a.Id, BundleNode.Timeout);

        Assert.True(accepted.Stored, accepted.Ignored);
        Assert.Equal(2, accepted.Acknowledged);
        Assert.Equal(new RemoteIndexState(_a.Store.GetLocalIndexId(BundleNode.Folder), 2), _a.Store.GetBundleAcknowledgement(BundleNode.Folder, _c.Id));
        _time.Advance(TimeSpan.FromSeconds(5));
        _a.Write("two.txt", "2, changed"u8.ToArray());
        _a.Write("three.txt", "3"u8.ToArray());

        var second = await ExportDefaultAsync();
        var result = await _c.ImportAsync(second.Bundle);

        Assert.Equal(2, second.Result.Range.FromSequence);
        Assert.Equal(2, second.Result.Records);
        Assert.Null(result.Folders[0].Gap);
        Assert.Equal(_a.Tree(), _c.Tree());

        // An older receipt arriving late does not step back; an explicit Since still overrides.
        var late = await BundleReceipt.AcceptAsync(_a.Store, imported.Folders[0].SignedReceipt, _a.Trusted, _a.Id, BundleNode.Timeout);
        await BundleReceipt.AcceptAsync(_a.Store, result.Folders[0].SignedReceipt, _a.Trusted, _a.Id, BundleNode.Timeout);
        Assert.Equal(2, late.Acknowledged);
        Assert.Equal(4, _a.Store.GetBundleAcknowledgement(BundleNode.Folder, _c.Id).MaxSequence);
        Assert.Equal(0, (await ExportDefaultAsync()).Result.Records);
        Assert.Equal(3, (await ExportDefaultAsync(since: 0)).Result.Records); // one, two (changed), three
    }

    [Fact]
    public async Task A_receipt_from_an_untrusted_device_or_about_another_export_is_refused()
    {
        var (bundle, _) = await ExportDefaultAsync();
        var receipt = (await _c.ImportAsync(bundle)).Folders[0].SignedReceipt;

        await Assert.ThrowsAsync<BundleException>(() => BundleReceipt.AcceptAsync(_a.Store, receipt, new HashSet<Syncthing.Engine.Identity.DeviceId>(), _a.Id, BundleNode.Timeout));
        using var b = new BundleNode(_time);
        BundleNode.Trust(_a, b, _c);
        var other = await Assert.ThrowsAsync<BundleException>(() => BundleReceipt.AcceptAsync(b.Store, receipt, b.Trusted, b.Id, BundleNode.Timeout));
        Assert.Contains("not of this device", other.Message, StringComparison.Ordinal);
        var tampered = receipt.ToArray();
        tampered[30] ^= 1;
        await Assert.ThrowsAsync<BundleException>(() => BundleReceipt.AcceptAsync(_a.Store, tampered, _a.Trusted, _a.Id, BundleNode.Timeout));
        Assert.Equal(default, _a.Store.GetBundleAcknowledgement(BundleNode.Folder, _c.Id));
        Assert.Equal(default, b.Store.GetBundleAcknowledgement(BundleNode.Folder, _c.Id));
    }

    [Fact]
    public async Task A_receipt_for_another_index_ID_is_ignored_and_a_reset_index_exports_everything()
    {
        var (bundle, _) = await ExportDefaultAsync();
        var receipt = (await _c.ImportAsync(bundle)).Folders[0].SignedReceipt;
        await BundleReceipt.AcceptAsync(_a.Store, receipt, _a.Trusted, _a.Id, BundleNode.Timeout);
        Assert.Equal(2, _a.Store.GetBundleAcknowledgement(BundleNode.Folder, _c.Id).MaxSequence);

        _a.Store.ResetLocalIndexId(BundleNode.Folder);
        var ignored = await BundleReceipt.AcceptAsync(_a.Store, receipt, _a.Trusted, _a.Id, BundleNode.Timeout);
        var export = await ExportDefaultAsync();

        Assert.False(ignored.Stored);
        Assert.Contains("no longer ours", ignored.Ignored, StringComparison.Ordinal);
        Assert.Equal(0, export.Result.Range.FromSequence);
        Assert.Equal(2, export.Result.Records);
    }

    private async Task<(byte[] Bundle, BundleExportResult Result)> ExportDefaultAsync(long? since = null)
    {
        await _a.ScanAsync();
        using var output = new MemoryStream();
        var result = await BundleExporter.ExportAsync(_a.Store, _a.Fs, _a.Identity, BundleNode.Folder, _c.Id,
            new BundleExportOptions { Since = since }, output, _time, null, BundleNode.Timeout);
        return (output.ToArray(), result);
    }

    public void Dispose()
    {
        _a.Dispose();
        _c.Dispose();
    }
}
