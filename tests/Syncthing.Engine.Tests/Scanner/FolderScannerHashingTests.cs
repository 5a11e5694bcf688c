using System.Text;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Tests.Scanner;

/// <summary>Files that change while being hashed, and cancellation.</summary>
public sealed class FolderScannerHashingTests : IDisposable
{
    private readonly ScannerFixture _f = new();

    public FolderScannerHashingTests() =>
        _f.Options = _f.Options with { BlockSizeOverride = (_, _) => 4 };

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task ScanAsync_ChangedOnceWhileHashing_RetriedAndFinalContentPublished()
    {
        _f.WriteFile("f", "aaaabbbbcccc");
        var changed = 0;
        _f.Memory!.BeforeRead = (name, position) =>
        {
            if (name == "f" && position == 4 && Interlocked.Exchange(ref changed, 1) == 0)
            {
                _f.Advance();
                _f.Memory.ReplaceContent("f", "xxxxyyyyzzzz"u8);
            }
        };

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.New);
        Assert.Empty(result.Errors);
        AssertBlocksMatch(_f.Local("f"), "xxxxyyyyzzzz");
        Assert.Equal(_f.Fs.Lstat("f").Modified.Seconds, _f.Local("f").ModifiedSeconds);
    }

    [Fact]
    public async Task ScanAsync_GrewWhileHashing_RetriedWithNewSize()
    {
        _f.WriteFile("f", "aaaabbbb");
        var changed = 0;
        _f.Memory!.BeforeRead = (name, position) =>
        {
            if (name == "f" && Interlocked.Exchange(ref changed, 1) == 0)
            {
                // Same mtime (the clock does not move): only the hasher's size check can notice.
                _f.Memory.ReplaceContent("f", "aaaabbbbcc"u8);
            }
        };

        var result = await _f.ScanAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(10, _f.Local("f").Size);
        AssertBlocksMatch(_f.Local("f"), "aaaabbbbcc");
    }

    [Fact]
    public async Task ScanAsync_KeepsChanging_SkippedReportedAndOldRecordKept()
    {
        _f.WriteFile("f", "aaaabbbbcccc");
        await _f.ScanAsync();
        var old = _f.Local("f");
        _f.Advance();
        _f.Memory!.ReplaceContent("f", "ddddeeeeffff"u8);
        var round = 0;
        _f.Memory.BeforeRead = (name, position) =>
        {
            if (name == "f" && position == 4)
            {
                _f.Advance();
                var c = (char)('g' + (Interlocked.Increment(ref round) % 10));
                _f.Memory.ReplaceContent("f", Encoding.ASCII.GetBytes(new string(c, 12)));
            }
        };

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.Skipped);
        Assert.Equal("f", Assert.Single(result.Errors).Name);
        Assert.Equal(3, round);
        Assert.Equal(0, result.Written);
        var still = _f.Local("f");
        Assert.Equal(old.Sequence, still.Sequence);
        AssertBlocksMatch(still, "aaaabbbbcccc");

        _f.Memory.BeforeRead = null;
        var calm = await _f.ScanAsync();
        Assert.Equal(1, calm.Changed);
        AssertBlocksMatch(_f.Local("f"), Encoding.ASCII.GetString(_f.Memory.OpenRead("f").ReadAllBytesForTest()));
    }

    [Fact]
    public async Task ScanAsync_Cancelled_IndexConsistentAndNextScanCompletes()
    {
        _f.Options = _f.Options with { BatchMaxRecords = 3, Hashers = 1 };
        _f.Fs.CreateDirectory("d", 0x1ED);
        for (var i = 0; i < 30; i++)
        {
            _f.WriteFile($"d/f{i:D2}", $"file number {i}");
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reads = 0;
        _f.Memory!.BeforeRead = (_, _) =>
        {
            if (Interlocked.Increment(ref reads) == 40)
            {
                cts.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _f.CreateScanner().ScanAsync(null, null, cts.Token));
        var partial = _f.AllLocal();
        Assert.InRange(partial.Count, 1, 30);
        foreach (var record in partial.Where(r => r.IsFile))
        {
            AssertBlocksMatch(record, Encoding.ASCII.GetString(_f.Memory.OpenRead(record.Name).ReadAllBytesForTest()));
        }

        _f.Memory.BeforeRead = null;
        await _f.ScanAsync();
        Assert.Equal(31, _f.AllLocal().Count(r => !r.Deleted));
        AssertBlocksMatch(_f.Local("d/f29"), "file number 29");
    }

    private static void AssertBlocksMatch(FileRecord record, string content)
    {
        var bytes = Encoding.ASCII.GetBytes(content);
        Assert.Equal(bytes.Length, record.Size);
        var expected = Enumerable.Range(0, (bytes.Length + 3) / 4)
            .Select(i => Convert.ToHexString(ScannerFixture.Sha(bytes.AsSpan(i * 4, Math.Min(4, bytes.Length - (i * 4))))));
        Assert.Equal(expected, record.Blocks.Select(b => Convert.ToHexString(b.Hash.Span)));
    }
}

internal static class StreamTestExtensions
{
    public static byte[] ReadAllBytesForTest(this Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
