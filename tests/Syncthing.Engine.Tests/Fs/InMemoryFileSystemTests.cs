using Syncthing.Engine.Fs;
using Syncthing.Engine.Fs.InMemory;

namespace Syncthing.Engine.Tests.Fs;

/// <summary>What only the fake offers: injected time, deterministic inodes, hooks and the journal.</summary>
public sealed class InMemoryFileSystemTests
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddTicks(1234567));
    private readonly InMemoryFileSystem _fs;

    public InMemoryFileSystemTests() => _fs = new InMemoryFileSystem(_time);

    [Fact]
    public void New_items_take_their_mtime_from_the_time_provider_and_writes_update_it()
    {
        _fs.CreateDirectory("d", 0x1ED);
        Assert.Equal(new FileTimestamp(1_700_000_000, 123_456_700), _fs.Lstat("d").Modified);

        _time.Advance(TimeSpan.FromSeconds(5));
        using (var stream = _fs.CreateNew("d/f", 0x1A4))
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            stream.Write("x"u8);
        }

        Assert.Equal(1_700_000_006, _fs.Lstat("d/f").Modified.Seconds);
        Assert.Equal(1_700_000_005, _fs.Lstat("d").Modified.Seconds);
    }

    [Fact]
    public void Inodes_are_deterministic_and_permissions_are_not_masked()
    {
        _fs.CreateNew("a", 0x1FF).Dispose();
        _fs.CreateDirectory("b", 0x1FF);
        _fs.CreateSymlink("c", "a");
        Assert.Equal([1UL, 2UL, 3UL, 4UL], new[] { "", "a", "b", "c" }.Select(n => _fs.Lstat(n).Inode!.Value));
        Assert.Equal(0x1FFu, _fs.Lstat("a").Permissions);
        Assert.Equal(InMemoryFileSystem.DeviceNumber, _fs.Lstat("a").Device);
    }

    [Fact]
    public void BeforeRead_lets_a_test_change_a_file_while_it_is_being_read()
    {
        using (var stream = _fs.CreateNew("f", 0x1A4))
        {
            stream.Write("AAAABBBB"u8);
        }

        _fs.BeforeRead = (name, position) =>
        {
            if (name == "f" && position == 4)
            {
                _fs.ReplaceContent("f", "AAAACCCC"u8);
            }
        };

        using var reader = _fs.OpenRead("f");
        var first = new byte[4];
        var second = new byte[4];
        reader.ReadExactly(first);
        reader.ReadExactly(second);
        Assert.Equal("AAAA"u8.ToArray(), first);
        Assert.Equal("CCCC"u8.ToArray(), second);
    }

    [Fact]
    public void An_open_stream_survives_removal_of_its_name()
    {
        using (var stream = _fs.CreateNew("f", 0x1A4))
        {
            stream.Write("kept"u8);
        }

        using var reader = _fs.OpenRead("f");
        _fs.Remove("f");
        var buffer = new byte[4];
        reader.ReadExactly(buffer);
        Assert.Equal("kept"u8.ToArray(), buffer);
    }

    [Fact]
    public void Atomic_write_fsyncs_the_temp_file_before_rename_and_the_directory_after()
    {
        _fs.CreateDirectory("d", 0x1ED);
        AtomicWriter.Write(_fs, "d/cfg", "v1"u8, 0x1A4);

        Assert.Equal(
            [
                "create directory d",
                "create d/.syncthing.cfg.tmp",
                "chmod d/.syncthing.cfg.tmp",
                "fsync d/.syncthing.cfg.tmp",
                "rename d/.syncthing.cfg.tmp -> d/cfg",
                "fsync-dir d",
            ],
            _fs.Journal);
    }

    [Fact]
    public void Available_space_is_whatever_the_test_sets()
    {
        Assert.Null(_fs.GetAvailableSpace());
        _fs.AvailableSpace = 1234;
        Assert.Equal(1234, _fs.GetAvailableSpace());
    }
}
