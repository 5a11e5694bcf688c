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
