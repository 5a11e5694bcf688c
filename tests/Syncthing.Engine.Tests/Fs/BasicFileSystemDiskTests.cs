using System.Diagnostics;
using System.Globalization;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Fs.Basic;

namespace Syncthing.Engine.Tests.Fs;

/// <summary>What only the real disk can show: values agree with coreutils' stat, and escapes really stay outside.</summary>
public sealed class BasicFileSystemDiskTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly BasicFileSystem _fs;

    public BasicFileSystemDiskTests() => _fs = new BasicFileSystem(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Nanosecond_mtime_inode_device_and_mode_match_coreutils_stat()
    {
        if (!LinuxNative.IsSupported)
        {
            return;
        }

        using (var stream = _fs.CreateNew("f", 0x1A4))
        {
            stream.Write("data"u8);
        }

        _fs.SetPermissions("f", 0x1A0);
        _fs.SetModified("f", new FileTimestamp(1_600_000_000, 123_456_789));
        var entry = _fs.Lstat("f");

        var fields = Stat(Path.Combine(_root.Path, "f"), "%Y|%.9Y|%i|%a|%d|%s|%F");
        Assert.Equal("1600000000", fields[0]);
        Assert.Equal("1600000000.123456789", fields[1]);
        Assert.Equal(Inv(entry.Inode), fields[2]);
        Assert.Equal("640", fields[3]);
        Assert.Equal(Inv(entry.Device), fields[4]);
        Assert.Equal("4", fields[5]);
        Assert.Equal("regular file", fields[6]);
        Assert.Equal(new FileTimestamp(1_600_000_000, 123_456_789), entry.Modified);
        Assert.Equal(0x1A0u, entry.Permissions);
    }

    [Fact]
    public void Mtime_written_by_touch_is_read_with_nanoseconds()
    {
        if (!LinuxNative.IsSupported)
        {
            return;
        }

        var path = Path.Combine(_root.Path, "touched");
        File.WriteAllText(path, "x");
        Run("touch", "-h", "-d", "2020-09-13 12:26:40.987654321 UTC", path);

        var entry = _fs.Lstat("touched");
        Assert.Equal(new FileTimestamp(1_600_000_000, 987_654_321), entry.Modified);
        Assert.Equal(Stat(path, "%i")[0], Inv(entry.Inode));
        Assert.Equal(Convert.ToUInt32(Stat(path, "%a")[0], 8), entry.Permissions);
    }

    [Fact]
    public void Symlink_lstat_describes_the_link_itself()
    {
        if (!LinuxNative.IsSupported)
        {
            return;
        }

        File.WriteAllText(Path.Combine(_root.Path, "target"), "content");
        _fs.CreateSymlink("link", "target");
        _fs.SetModified("link", new FileTimestamp(1_234_567_890, 5));

        var link = _fs.Lstat("link");
        var fields = Stat(Path.Combine(_root.Path, "link"), "%i|%.9Y|%F");
        Assert.Equal(FileEntryKind.Symlink, link.Kind);
        Assert.Equal(fields[0], Inv(link.Inode));
        Assert.Equal("1234567890.000000005", fields[1]);
        Assert.Equal("symbolic link", fields[2]);
        Assert.NotEqual(_fs.Lstat("target").Inode, link.Inode);
        Assert.NotEqual(new FileTimestamp(1_234_567_890, 5), _fs.Lstat("target").Modified);
    }

    [Fact]
    public void Writes_through_a_symlinked_directory_never_reach_the_outside()
    {
        using var outside = new TempDirectory();
        File.WriteAllText(Path.Combine(outside.Path, "victim"), "keep");
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "link"), outside.Path);
        Directory.CreateDirectory(Path.Combine(_root.Path, "real"));
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "real", "nested"), outside.Path);

        Assert.Throws<FsException>(() => _fs.CreateNew("link/new", 0x1A4));
        Assert.Throws<FsException>(() => _fs.Remove("link/victim"));
        Assert.Throws<FsException>(() => _fs.Rename("link/victim", "mine"));
        Assert.Throws<FsException>(() => AtomicWriter.Write(_fs, "real/nested/victim", "evil"u8, 0x1A4));
        Assert.Throws<FsException>(() => _fs.SetPermissions("real/nested/victim", 0x1FF));

        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside.Path, "victim")));
        Assert.Equal(["victim"], Directory.EnumerateFileSystemEntries(outside.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void SyncFiles_flushes_a_few_files_one_by_one_and_many_with_one_volume_flush()
    {
        var names = Enumerable.Range(0, BasicFileSystem.SyncVolumeFrom).Select(i => $"f{i}").ToList();
        foreach (var name in names)
        {
            using var stream = _fs.CreateNew(name, 0x1A4);
            stream.Write("data"u8);
        }

        // Below the threshold each file is fsynced, so each must be there.
        _fs.SyncFiles(names[..2]);
        Assert.Equal(FsErrorKind.NotFound, Assert.Throws<FsException>(() => _fs.SyncFiles(["f0", "missing"])).Kind);

        // From the threshold on, one syncfs of the folder's volume covers them (names are not looked at one by one).
        _fs.SyncFiles(names);
        Directory.Delete(_root.Path, recursive: true);
        Assert.Equal(FsErrorKind.NotFound, Assert.Throws<FsException>(() => _fs.SyncFiles(names)).Kind);
        Directory.CreateDirectory(_root.Path);
    }

    [Fact]
    public void Root_given_through_a_symlink_still_works()
    {
        var alias = _root.Path + "-alias";
        Directory.CreateSymbolicLink(alias, _root.Path);
        try
        {
            var fs = new BasicFileSystem(alias);
            fs.CreateDirectory("d", 0x1ED);
            Assert.Equal(["d"], fs.ListDirectory(PathNames.Root).Select(e => e.Name));
            fs.SyncDirectory(PathNames.Root);
        }
        finally
        {
            File.Delete(alias);
        }
    }

    [Fact]
    public void Atomic_write_is_durable_rename_over_the_target()
    {
        File.WriteAllText(Path.Combine(_root.Path, "cfg"), "old");
        var before = _fs.Lstat("cfg").Inode;

        AtomicWriter.Write(_fs, "cfg", "new"u8, 0x180);

        Assert.Equal("new", File.ReadAllText(Path.Combine(_root.Path, "cfg")));
        Assert.NotEqual(before, _fs.Lstat("cfg").Inode);
        Assert.Equal(["cfg"], Directory.EnumerateFileSystemEntries(_root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Listing_shows_a_non_NFC_name_as_stored_so_the_scanner_can_report_it()
    {
        File.WriteAllText(Path.Combine(_root.Path, "Cafe\u0301"), "x");
        var entry = Assert.Single(_fs.ListDirectory(PathNames.Root));
        Assert.Equal("Cafe\u0301", entry.Name);
        Assert.Contains("normalization form C", PathNames.ValidateWireName(entry.Name), StringComparison.Ordinal);
        Assert.Equal("Caf\u00e9", PathNames.ToCanonical(entry.Name));
        Assert.Null(_fs.TryLstat("Caf\u00e9"));
    }

    [Fact]
    public void Created_directory_uses_the_requested_mode_minus_umask()
    {
        _fs.CreateDirectory("d", 0x1C0); // 0700: no umask can widen it
        Assert.Equal(0x1C0u, _fs.Lstat("d").Permissions);
        Assert.True(_fs.GetAvailableSpace() is null or > 0);
    }

    private static string Inv(ulong? value) => value!.Value.ToString(CultureInfo.InvariantCulture);

    private static string[] Stat(string path, string format) =>
        Run("stat", "-c", format, path).Trim().Split('|');

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), $"{program} did not finish");
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
