using System.Text;
using Syncthing.Engine.Bundles;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Bundles;

/// <summary>Password-encrypted bundles: they round-trip, reveal nothing, and every wrong password or alteration is refused before anything changes.</summary>
public sealed class BundleEncryptionTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private const long StoredChunk = BundleCrypto.ChunkSize + BundleCrypto.TagLength;
    private readonly FakeTimeProvider _time = new();
    private readonly BundleNode _a;
    private readonly BundleNode _c;

    public BundleEncryptionTests()
    {
        _a = new BundleNode(_time);
        _c = new BundleNode(_time);
        BundleNode.Trust(_a, _c);
        _a.Write("secret-plans/quarterly-report.txt", "the numbers, the numbers, the numbers"u8.ToArray());
        _c.Write("mine.txt", "C's own file"u8.ToArray());
    }

    [Fact]
    public async Task An_encrypted_bundle_round_trips_and_contains_no_plaintext()
    {
        _a.Write("random.bin", Puller.PullerFixture.Random(100_000, 1));
        var (bundle, export) = await ExportAsync(BundleCrypto.DefaultIterations);

        var result = await _c.ImportAsync(bundle, password: Password);

        Assert.Equal(export.Bytes, bundle.Length);
        Assert.Equal("STBCRYPT"u8.ToArray(), bundle[..8]);
        Assert.Equal(BundleCrypto.DefaultIterations, (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bundle.AsSpan(12)));
        Assert.Empty(result.Folders[0].Pull.Errors);
        AssertCarried();
        foreach (var plain in new[] { "STBUNDLE", "quarterly-report", "secret-plans", "the numbers", "\"exporter\"", "\"targets\"", "default", _a.Id.ToString()[..7] })
        {
            Assert.False(Contains(bundle, Encoding.UTF8.GetBytes(plain)), $"the encrypted bundle contains \"{plain}\"");
        }

        Assert.False(Contains(bundle, Puller.PullerFixture.Random(100_000, 1).AsSpan(5000, 64).ToArray()));
    }

    [Fact]
    public async Task Encrypted_parts_on_disk_import_like_one_file()
    {
        using var temp = new Syncthing.Engine.Tests.Identity.TempDirectory();
        _a.Write("data.bin", Puller.PullerFixture.Random(60_000, 2));
        await _a.ScanAsync();
        var path = Path.Combine(temp.Path, "out.stbundle");

        var export = await BundleExporter.ExportToFileAsync(_a.Store, _a.Fs, _a.Identity, BundleNode.Folder, _c.Id,
            new BundleExportOptions { MaxSize = 8192, Password = Password, PasswordIterations = BundleCrypto.MinIterations }, path, _time, null, BundleNode.Timeout);
        await _c.ScanAsync();
        var result = await BundleImporter.ImportFileAsync(_c.Store, _c.Identity, _c.Trusted, path,
            f => new BundleImportFolder(_c.Fs, _c.Options), _time, null, BundleNode.Timeout, Password);

        Assert.True(export.Paths.Count >= 8, $"{export.Paths.Count} parts");
        Assert.All(export.Paths, p => Assert.True(new FileInfo(p).Length <= 8192));
        Assert.Equal(export.Bytes, export.Paths.Sum(p => new FileInfo(p).Length));
        Assert.Equal("STBCRYPT"u8.ToArray(), File.ReadAllBytes(export.Paths[0])[..8]);
        Assert.Empty(result.Folders[0].Pull.Errors);
        AssertCarried();
    }

    [Fact]
    public async Task A_wrong_missing_or_superfluous_password_is_refused_and_nothing_changes()
    {
        var (encrypted, _) = await ExportAsync();
        var (plain, _) = await _a.ExportAsync(_c, scan: false);
        await _c.ScanAsync();
        var before = Snapshot();

        var wrong = await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync(encrypted, scan: false, password: "Correct horse battery staple"));
        Assert.Contains("password is wrong or the bundle was altered", wrong.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync(encrypted, scan: false));
        Assert.Equal("This bundle is encrypted; a password is needed.", missing.Message);
        var superfluous = await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync(plain, scan: false, password: Password));
        Assert.Contains("not encrypted", superfluous.Message, StringComparison.Ordinal);

        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Truncation_flipped_bytes_swapped_dropped_and_appended_chunks_are_refused_and_nothing_changes()
    {
        _a.Write("big.bin", Puller.PullerFixture.Random((int)(2.5 * BundleCrypto.ChunkSize), 3));
        var (bundle, _) = await ExportAsync();
        await _c.ScanAsync();
        var before = Snapshot();
        Assert.Equal(3, (bundle.Length - BundleCrypto.HeaderLength + StoredChunk - 1) / StoredChunk);
        var chunk1 = BundleCrypto.HeaderLength + (int)StoredChunk;
        var chunk2 = chunk1 + (int)StoredChunk;

        var altered = new List<(string What, byte[] Bytes)>();
        foreach (var length in new[] { 0, 7, 8, 39, 40, 56, chunk1, chunk1 + 100, chunk2, bundle.Length - 1 })
        {
            altered.Add(($"truncated to {length}", bundle[..length]));
        }

        // Header fields (magic, version, KDF, iterations' low bytes, salt, chunk size, nonce prefix), then chunk data and tags.
        foreach (var position in new[] { 0, 8, 10, 14, 15, 16, 31, 32, 35, 36, 39, 40, 1000, chunk1 - 1, chunk1 + 5, chunk2 + 7, bundle.Length - 17, bundle.Length - 1 })
        {
            var flipped = (byte[])bundle.Clone();
            flipped[position] ^= 0x20;
            altered.Add(($"byte {position} flipped", flipped));
        }

        var swapped = (byte[])bundle.Clone();
        bundle.AsSpan(chunk1, (int)StoredChunk).CopyTo(swapped.AsSpan(BundleCrypto.HeaderLength));
        bundle.AsSpan(BundleCrypto.HeaderLength, (int)StoredChunk).CopyTo(swapped.AsSpan(chunk1));
        altered.Add(("chunks 0 and 1 swapped", swapped));
        altered.Add(("chunk 1 dropped", [.. bundle[..chunk1], .. bundle[chunk2..]]));
        altered.Add(("one byte appended", [.. bundle, 0]));
        altered.Add(("a chunk appended", [.. bundle, .. bundle[chunk1..chunk2]]));
        altered.Add(("the last chunk repeated", [.. bundle, .. bundle[chunk2..]]));

        foreach (var (what, bytes) in altered)
        {
            var error = await Assert.ThrowsAsync<BundleException>(() => _c.ImportAsync(bytes, scan: false, password: Password));
            Assert.False(string.IsNullOrWhiteSpace(error.Message), what);
            Assert.True(before == Snapshot(), what);
        }

        await _c.ImportAsync(bundle, scan: false, password: Password);
        AssertCarried();
    }

    private async Task<(byte[] Bundle, BundleExportResult Result)> ExportAsync(int iterations = BundleCrypto.MinIterations)
    {
        await _a.ScanAsync();
        using var output = new MemoryStream();
        var options = new BundleExportOptions { Password = Password, PasswordIterations = iterations };
        var result = await BundleExporter.ExportAsync(_a.Store, _a.Fs, _a.Identity, BundleNode.Folder, _c.Id, options, output, _time, null, BundleNode.Timeout);
        return (output.ToArray(), result);
    }

    /// <summary>C holds A's whole tree (and its own file besides).</summary>
    private void AssertCarried()
    {
        var c = _c.Tree();
        Assert.Equal(_a.Tree(), new SortedDictionary<string, string>(c.Where(e => e.Key != "mine.txt").ToDictionary(), StringComparer.Ordinal));
        Assert.True(c.ContainsKey("mine.txt"));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private string Snapshot() =>
        string.Join(';', _c.Tree().Select(e => e.Key + "=" + e.Value)) +
        $"|{_c.Store.GetLocalMaxSequence(BundleNode.Folder)}|{_c.Store.GetRemoteIndex(BundleNode.Folder, _a.Id)}|{_c.Store.GlobalCounts(BundleNode.Folder)}";

    public void Dispose()
    {
        _a.Dispose();
        _c.Dispose();
    }
}
