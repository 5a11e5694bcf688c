using Syncthing.Engine.Fs.Basic;

namespace Syncthing.Engine.Tests.Fs;

public sealed class WritebackStreamTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Starts_write_out_once_per_interval_and_keeps_every_byte()
    {
        var path = Path.Combine(_root.Path, "big");
        var data = new byte[10 * 1024 * 1024 + 123];
        new Random(5).NextBytes(data);
        using (var stream = new WritebackStream(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite), interval: 1024 * 1024))
        {
            stream.SetLength(data.Length);

            // 128 KiB blocks, last first, as the puller writes them (in any order).
            const int block = 128 * 1024;
            for (var offset = data.Length / block * block; offset >= 0; offset -= block)
            {
                stream.Seek(offset, SeekOrigin.Begin);
                stream.Write(data, offset, Math.Min(block, data.Length - offset));
            }

            stream.Flush();

            Assert.Equal(10, stream.WritebackStarts);
            Assert.Equal(data.Length, stream.Length);
        }

        Assert.Equal(data, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Asynchronous_writes_count_too()
    {
        var path = Path.Combine(_root.Path, "async");
        var chunk = new byte[256 * 1024];
        await using (var stream = new WritebackStream(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite), interval: 1024 * 1024))
        {
            for (var i = 0; i < 8; i++)
            {
                chunk.AsSpan().Fill((byte)i);
                await stream.WriteAsync(chunk);
            }

            Assert.Equal(2, stream.WritebackStarts);
        }

        var written = await File.ReadAllBytesAsync(path);
        Assert.Equal(8 * chunk.Length, written.Length);
        Assert.Equal(7, written[^1]);
    }

    [Fact]
    public void A_large_file_takes_its_aligned_positional_writes_around_the_page_cache_from_several_threads()
    {
        var path = Path.Combine(_root.Path, "direct");
        const int block = 1024 * 1024;
        var data = new byte[(20 * block) + 1000];
        new Random(9).NextBytes(data);
        var offsets = Enumerable.Range(0, 21).Select(i => (long)i * block).OrderBy(_ => Random.Shared.Next()).ToArray();
        long direct;
        using (var stream = new WritebackStream(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite)))
        {
            stream.SetLength(data.Length);
            Parallel.ForEach(offsets, new ParallelOptions { MaxDegreeOfParallelism = 4 }, offset =>
                stream.WriteAt(offset, data.AsSpan((int)offset, (int)Math.Min(block, data.Length - offset))));
            direct = stream.DirectBytes;
            Assert.Equal(0, stream.Position);
        }

        Assert.Equal(data, File.ReadAllBytes(path));
        // Every whole block went direct on Linux; the 1000-byte tail cannot (O_DIRECT needs 4096-byte multiples).
        Assert.Equal(OperatingSystem.IsLinux() ? 20 * block : 0, direct);
    }

    [Fact]
    public void Unaligned_writes_and_a_page_cached_copy_of_the_same_range_stay_coherent()
    {
        var path = Path.Combine(_root.Path, "mixed");
        var data = new byte[8 * 1024 * 1024];
        new Random(10).NextBytes(data);
        using (var stream = new WritebackStream(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite)))
        {
            stream.SetLength(data.Length);

            // First through the page cache (stale bytes), then the right bytes direct over them, then an unaligned
            // patch through the page cache again: the file must read back as the last writes say.
            stream.Write(new byte[data.Length]);
            stream.WriteAt(0, data);
            var patch = new byte[3000];
            new Random(11).NextBytes(patch);
            stream.WriteAt(5000, patch);
            patch.CopyTo(data, 5000);
        }

        Assert.Equal(data, File.ReadAllBytes(path));
    }

    [Fact]
    public void Small_files_and_file_systems_that_refuse_o_direct_write_through_the_page_cache()
    {
        var data = new byte[6 * 1024 * 1024];
        new Random(12).NextBytes(data);

        using (var small = new WritebackStream(new FileStream(Path.Combine(_root.Path, "small"), FileMode.CreateNew, FileAccess.ReadWrite)))
        {
            small.SetLength(1024 * 1024);
            small.WriteAt(0, data.AsSpan(0, 1024 * 1024));
            Assert.Equal(0, small.DirectBytes);
        }

        var refusedPath = Path.Combine(_root.Path, "refused");
        var asked = 0;
        using (var refused = new WritebackStream(new FileStream(refusedPath, FileMode.CreateNew, FileAccess.ReadWrite), openDirect: _ => { asked++; return null; }))
        {
            refused.SetLength(data.Length);
            refused.SetLength(data.Length);
            refused.WriteAt(0, data);
            Assert.Equal(0, refused.DirectBytes);
        }

        Assert.Equal(1, asked); // Asked once per stream, not per SetLength.
        Assert.Equal(data, File.ReadAllBytes(refusedPath));
    }

    [Fact]
    public void The_folder_file_system_writes_through_it_on_Linux()
    {
        var fs = new BasicFileSystem(_root.Path);
        using var created = fs.CreateNew("a", 0x1A4);
        using var opened = fs.OpenWrite("a");
        using var read = fs.OpenRead("a");
        Assert.Equal(OperatingSystem.IsLinux(), created is WritebackStream);
        Assert.Equal(OperatingSystem.IsLinux(), opened is WritebackStream);
        Assert.IsType<FileStream>(read);
    }
}
