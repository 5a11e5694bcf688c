using Syncthing.Engine.Bundles;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Bundles;

public sealed class BundleRoundTripTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly BundleNode _a;
    private readonly BundleNode _c;

    public BundleRoundTripTests()
    {
        _a = new BundleNode(_time);
        _c = new BundleNode(_time);
        BundleNode.Trust(_a, _c);
    }

    [Fact]
    public async Task A_bundle_carries_the_tree_the_versions_and_the_index_position()
    {
        _a.Write("docs/readme.txt", "hello bundle"u8.ToArray());
        _a.Write("big.bin", Puller.PullerFixture.Random(300_000, 1));
        _a.Fs.CreateDirectory("empty", 0x1ED);

        var (bundle, export) = await _a.ExportAsync(_c);
        var result = await _c.ImportAsync(bundle);

        Assert.Equal(_a.Tree(), _c.Tree());
        Assert.Equal(4, export.Records);
        var folder = Assert.Single(result.Folders);
        Assert.Null(folder.Gap);
        Assert.Empty(folder.Pull.Errors);
        Assert.Equal(300_000 + 12, folder.BytesFromBundle);
        Assert.Equal(new Syncthing.Engine.Index.RemoteIndexState(_a.Store.GetLocalIndexId(BundleNode.Folder), _a.Store.GetLocalMaxSequence(BundleNode.Folder)),
            _c.Store.GetRemoteIndex(BundleNode.Folder, _a.Id));
        var theirs = _a.Store.GetLocal(BundleNode.Folder, "big.bin")!;
        var ours = _c.Store.GetLocal(BundleNode.Folder, "big.bin")!;
        Assert.Equal(theirs.Version, ours.Version);
        Assert.Equal(theirs.ModifiedBy, ours.ModifiedBy);
        Assert.Equal(_a.Store.GetLocalMaxSequence(BundleNode.Folder), folder.Receipt.Sequence);
    }

    [Fact]
    public async Task A_second_import_changes_nothing()
    {
        _a.Write("a.txt", "one"u8.ToArray());
        _a.Write("b.txt", Puller.PullerFixture.Random(200_000, 2));
        var (bundle, _) = await _a.ExportAsync(_c);
        await _c.ImportAsync(bundle);
        var sequence = _c.Store.GetLocalMaxSequence(BundleNode.Folder);
        var tree = _c.Tree();

        var again = await _c.ImportAsync(bundle);

        var folder = Assert.Single(again.Folders);
        Assert.Equal(0, folder.RecordsApplied);
        Assert.Equal(2, folder.RecordsAlreadyHeld);
        Assert.Equal(0, folder.Pull.Needed);
        Assert.Equal(0, folder.BytesFromBundle);
        Assert.Equal(sequence, _c.Store.GetLocalMaxSequence(BundleNode.Folder));
        Assert.Equal(tree, _c.Tree());
    }

    [Fact]
    public async Task A_receipt_makes_the_next_export_incremental_and_skips_blocks_the_target_has()
    {
        var content = Puller.PullerFixture.Random(128 * 1024 * 3, 3);
        _a.Write("grow.bin", content);
        _a.Write("same.txt", "unchanged"u8.ToArray());
        await _a.SendAsync(_c);
        Assert.Equal(_a.Store.GetLocalMaxSequence(BundleNode.Folder), _a.Acknowledged[_c.Id]);
        await _c.SendAsync(_a); // A learns C's index, so it knows which blocks C holds.
        Assert.Equal(0, _a.Store.NeedCounts(BundleNode.Folder).TotalItems);

        _time.Advance(TimeSpan.FromSeconds(5));
        _a.Write("grow.bin", [.. content, .. Puller.PullerFixture.Random(1000, 4)]);
        var (bundle, export) = await _a.ExportAsync(_c);
        var result = await _c.ImportAsync(bundle);

        Assert.Equal(1, export.Records);
        Assert.Equal(1, export.Blocks);
        Assert.Equal(3, export.BlocksSkipped);
        Assert.Equal(1000, result.Folders[0].BytesFromBundle);
        Assert.Equal(_a.Tree(), _c.Tree());
    }

    [Fact]
    public async Task An_older_bundle_after_a_newer_one_does_no_harm()
    {
        _a.Write("x.txt", "version one"u8.ToArray());
        _a.Write("y.txt", "only in the first"u8.ToArray());
        var (first, firstExport) = await _a.ExportAsync(_c);
        _time.Advance(TimeSpan.FromSeconds(5));
        _a.Write("x.txt", "version two"u8.ToArray());
        _a.Acknowledged[_c.Id] = firstExport.Range.ToSequence;
        var (second, _) = await _a.ExportAsync(_c);

        var newer = await _c.ImportAsync(second);
        Assert.NotNull(newer.Folders[0].Gap);
        var older = await _c.ImportAsync(first);

        Assert.Null(older.Folders[0].Gap);
        Assert.Equal("version two"u8.ToArray(), _c.Read("x.txt"));
        Assert.Equal(_a.Tree(), _c.Tree());
        Assert.Equal(_a.Store.GetLocal(BundleNode.Folder, "x.txt")!.Version, _c.Store.GetRemote(BundleNode.Folder, _a.Id, "x.txt")!.Version);
        Assert.Empty(_c.Store.Need(BundleNode.Folder));
    }

    [Fact]
    public async Task A_missing_bundle_is_reported_and_a_full_export_recovers()
    {
        _a.Write("one.txt", "1"u8.ToArray());
        await _a.SendAsync(_c);
        _time.Advance(TimeSpan.FromSeconds(5));
        _a.Write("two.txt", "2"u8.ToArray());
        var (lost, lostExport) = await _a.ExportAsync(_c);
        _a.Acknowledged[_c.Id] = lostExport.Range.ToSequence;
        _time.Advance(TimeSpan.FromSeconds(5));
        _a.Fs.Remove("one.txt");
        _a.Write("three.txt", "3"u8.ToArray());
        var (later, _) = await _a.ExportAsync(_c);
        Assert.NotEmpty(lost);

        var gapped = await _c.ImportAsync(later);
        var gap = gapped.Folders[0].Gap;
        Assert.NotNull(gap);
        Assert.Equal(lostExport.Range.FromSequence, gap.HeldSequence);
        Assert.Equal(lostExport.Range.ToSequence, gap.BundleFromSequence);
        Assert.Equal(gap.HeldSequence, gapped.Folders[0].HeldAfter);

        var (full, _) = await _a.ExportAsync(_c, full: true);
        var recovered = await _c.ImportAsync(full);

        Assert.Null(recovered.Folders[0].Gap);
        Assert.Equal(_a.Store.GetLocalMaxSequence(BundleNode.Folder), recovered.Folders[0].HeldAfter);
        Assert.Equal(_a.Tree(), _c.Tree());
        Assert.False(_c.Fs.Exists("one.txt"));
    }

    [Fact]
    public async Task Split_parts_on_disk_import_like_one_file()
    {
        using var temp = new Syncthing.Engine.Tests.Identity.TempDirectory();
        _a.Write("data.bin", Puller.PullerFixture.Random(50_000, 5));
        _a.Write("note.txt", "n"u8.ToArray());
        await _a.ScanAsync();
        var path = Path.Combine(temp.Path, "out.stbundle");

        var export = await BundleExporter.ExportToFileAsync(_a.Store, _a.Fs, _a.Identity, BundleNode.Folder, _c.Id,
            new BundleExportOptions { MaxSize = 8192 }, path, _time, null, BundleNode.Timeout);
        await _c.ScanAsync();
        var result = await BundleImporter.ImportFileAsync(_c.Store, _c.Identity, _c.Trusted, path,
            f => new BundleImportFolder(_c.Fs, _c.Options), _time, null, BundleNode.Timeout);

        Assert.True(export.Paths.Count >= 7, $"{export.Paths.Count} parts");
        Assert.All(export.Paths, p => Assert.True(new FileInfo(p).Length <= 8192));
        Assert.Equal(export.Bytes, export.Paths.Sum(p => new FileInfo(p).Length));
        Assert.Empty(result.Folders[0].Pull.Errors);
        Assert.Equal(_a.Tree(), _c.Tree());
    }

    public void Dispose()
    {
        _a.Dispose();
        _c.Dispose();
    }
}
