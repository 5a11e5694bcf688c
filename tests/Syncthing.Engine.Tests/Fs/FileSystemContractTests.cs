using System.Text;
using Syncthing.Engine.Fs;

namespace Syncthing.Engine.Tests.Fs;

/// <summary>
/// The behaviour every <see cref="IFileSystem"/> must show; run against the disk and the in-memory fake so the
/// fake stays honest.
/// </summary>
public abstract class FileSystemContractTests
{
    private protected IFileSystem Fs { get; }

    private protected FileSystemContractTests(IFileSystem fileSystem) => Fs = fileSystem;

    /// <summary>A symlink target that points outside the folder root, for escape tests.</summary>
    private protected abstract string OutsideTarget { get; }

    private protected void WriteFile(string name, string content)
    {
        using var stream = Fs.CreateNew(name, 0x1A4);
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    private protected string ReadFile(string name)
    {
        using var stream = Fs.OpenRead(name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public void Created_file_reads_back_with_random_access()
    {
        WriteFile("a.txt", "hello world");
        using var stream = Fs.OpenRead("a.txt");
        Assert.True(stream.CanSeek);
        stream.Seek(6, SeekOrigin.Begin);
        var buffer = new byte[5];
        stream.ReadExactly(buffer);
        Assert.Equal("world", Encoding.UTF8.GetString(buffer));
        Assert.Equal(11, stream.Length);
    }

    [Fact]
    public void OpenWrite_does_not_truncate_and_SetLength_presizes()
    {
        WriteFile("a", "0123456789");
        using (var stream = Fs.OpenWrite("a"))
        {
            stream.Seek(2, SeekOrigin.Begin);
            stream.Write("xy"u8);
            stream.SetLength(20);
        }

        var entry = Fs.Lstat("a");
        Assert.Equal(20, entry.Size);
        Assert.StartsWith("01xy456789\0", ReadFile("a"), StringComparison.Ordinal);
    }

    [Fact]
    public void Lstat_reports_kinds_and_size_zero_for_directories_and_symlinks()
    {
        WriteFile("f", "abc");
        Fs.CreateDirectory("d", 0x1ED);
        Fs.CreateSymlink("l", "f");

        Assert.Equal((FileEntryKind.File, 3L), (Fs.Lstat("f").Kind, Fs.Lstat("f").Size));
        Assert.Equal((FileEntryKind.Directory, 0L), (Fs.Lstat("d").Kind, Fs.Lstat("d").Size));
        Assert.Equal((FileEntryKind.Symlink, 0L), (Fs.Lstat("l").Kind, Fs.Lstat("l").Size));
        Assert.Equal(FileEntryKind.Directory, Fs.Lstat(PathNames.Root).Kind);
        Assert.Equal("f", Fs.ReadSymlink("l"));
    }

    [Fact]
    public void Symlinks_are_never_followed_by_Lstat_or_ListDirectory()
    {
        Fs.CreateDirectory("d", 0x1ED);
        WriteFile("d/inner", "x");
        Fs.CreateSymlink("to-dir", "d");
        Fs.CreateSymlink("to-file", "d/inner");
        Fs.CreateSymlink("dangling", "nowhere/at/all");

        var entries = Fs.ListDirectory(PathNames.Root);
        Assert.Equal(["d", "dangling", "to-dir", "to-file"], entries.Select(e => e.Name));
        Assert.All(entries.Where(e => e.Name != "d"), e => Assert.Equal(FileEntryKind.Symlink, e.Kind));
        Assert.Equal(FileEntryKind.Symlink, Fs.Lstat("to-dir").Kind);
        Assert.True(Fs.Exists("dangling"));
        Assert.Equal(["d/inner"], Fs.ListDirectory("d").Select(e => e.Name));
    }

    [Fact]
    public void Operations_refuse_to_follow_a_final_symlink()
    {
        Fs.CreateDirectory("d", 0x1ED);
        WriteFile("f", "x");
        Fs.CreateSymlink("to-dir", "d");
        Fs.CreateSymlink("to-file", "f");

        Assert.Equal(FsErrorKind.TraversesSymlink, Assert.Throws<FsException>(() => Fs.ListDirectory("to-dir")).Kind);
        Assert.Equal(FsErrorKind.TraversesSymlink, Assert.Throws<FsException>(() => Fs.OpenRead("to-file")).Kind);
        Assert.Equal(FsErrorKind.TraversesSymlink, Assert.Throws<FsException>(() => Fs.OpenWrite("to-file")).Kind);
        Assert.Equal(FsErrorKind.TraversesSymlink, Assert.Throws<FsException>(() => Fs.SetPermissions("to-file", 0x1FF)).Kind);
        Assert.Equal(FsErrorKind.TraversesSymlink, Assert.Throws<FsException>(() => Fs.CreateNew("to-file", 0x1A4)).Kind);
    }

    [Fact]
    public void Paths_through_a_symlinked_directory_are_refused()
    {
        Fs.CreateSymlink("escape", OutsideTarget);
        using (Fs.CreateNew("mine", 0x1A4))
        {
        }

        foreach (var action in new Action[]
        {
            () => Fs.Rename("mine", "escape/stolen"),
            () => Fs.Rename("escape/secret", "escape/stolen"),
            () => Fs.Lstat("escape/secret"),
            () => Fs.TryLstat("escape/secret"),
            () => Fs.OpenRead("escape/secret"),
            () => Fs.CreateNew("escape/new", 0x1A4).Dispose(),
            () => Fs.CreateDirectory("escape/dir", 0x1ED),
            () => Fs.Remove("escape/secret"),
            () => Fs.Rename("escape/secret", "stolen"),
            () => Fs.ListDirectory("escape/sub"),
            () => Fs.SetModified("escape/secret", new FileTimestamp(1, 0)),
        })
        {
            var error = Assert.Throws<FsException>(action);
            Assert.Equal(FsErrorKind.TraversesSymlink, error.Kind);
            Assert.Contains("\"escape\"", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\..\\b")]
    [InlineData("cafe\u0301")]
    public void Invalid_names_are_refused_before_touching_anything(string name)
    {
        Assert.Equal(FsErrorKind.InvalidName, Assert.Throws<FsException>(() => Fs.Lstat(name)).Kind);
        Assert.Equal(FsErrorKind.InvalidName, Assert.Throws<FsException>(() => Fs.CreateNew(name, 0x1A4)).Kind);
        Assert.Equal(FsErrorKind.InvalidName, Assert.Throws<FsException>(() => Fs.CreateDirectory(name, 0x1ED)).Kind);
    }

    [Fact]
    public void Root_is_accepted_only_where_a_directory_is_meant()
    {
        Assert.Equal(FsErrorKind.InvalidName, Assert.Throws<FsException>(() => Fs.Remove(PathNames.Root)).Kind);
        Assert.Equal(FsErrorKind.InvalidName, Assert.Throws<FsException>(() => Fs.OpenRead(PathNames.Root)).Kind);
        Fs.SyncDirectory(PathNames.Root);
        Assert.Empty(Fs.ListDirectory(PathNames.Root));
    }

    [Fact]
    public void Missing_items_and_wrong_kinds_are_classified()
    {
        WriteFile("f", "x");
        Fs.CreateDirectory("d", 0x1ED);
        WriteFile("d/x", "x");

        Assert.Null(Fs.TryLstat("missing"));
        Assert.Null(Fs.TryLstat("f/under-a-file"));
        Assert.False(Fs.Exists("missing/deeper"));
        Assert.Equal(FsErrorKind.NotFound, Assert.Throws<FsException>(() => Fs.Lstat("missing")).Kind);
        Assert.Equal(FsErrorKind.NotFound, Assert.Throws<FsException>(() => Fs.CreateDirectory("missing/d", 0x1ED)).Kind);
        Assert.Equal(FsErrorKind.NotADirectory, Assert.Throws<FsException>(() => Fs.CreateDirectory("f/d", 0x1ED)).Kind);
        Assert.Equal(FsErrorKind.AlreadyExists, Assert.Throws<FsException>(() => Fs.CreateNew("f", 0x1A4)).Kind);
        Assert.Equal(FsErrorKind.AlreadyExists, Assert.Throws<FsException>(() => Fs.CreateDirectory("d", 0x1ED)).Kind);
        Assert.Equal(FsErrorKind.DirectoryNotEmpty, Assert.Throws<FsException>(() => Fs.Remove("d")).Kind);
        Assert.Equal(FsErrorKind.NotADirectory, Assert.Throws<FsException>(() => Fs.ListDirectory("f")).Kind);
        Assert.Equal(FsErrorKind.IsADirectory, Assert.Throws<FsException>(() => Fs.OpenRead("d")).Kind);
        var error = Assert.Throws<FsException>(() => Fs.OpenRead("missing"));
        Assert.Equal("missing", error.Name);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Modification_time_keeps_nanoseconds_and_can_be_set_on_symlinks()
    {
        WriteFile("f", "x");
        Fs.CreateDirectory("d", 0x1ED);
        Fs.CreateSymlink("l", "f");
        var stamp = new FileTimestamp(1_600_000_000, 123_456_789);

        Fs.SetModified("f", stamp);
        Fs.SetModified("d", new FileTimestamp(1_500_000_000, 1));
        Fs.SetModified("l", new FileTimestamp(1_400_000_000, 999_999_999));

        Assert.Equal(stamp, Fs.Lstat("f").Modified);
        Assert.Equal(new FileTimestamp(1_500_000_000, 1), Fs.Lstat("d").Modified);
        Assert.Equal(new FileTimestamp(1_400_000_000, 999_999_999), Fs.Lstat("l").Modified);
        Assert.Equal(stamp, Fs.Lstat("f").Modified);
    }

    [Fact]
    public void Permissions_round_trip_including_special_bits()
    {
        WriteFile("f", "x");
        Fs.CreateDirectory("d", 0x1ED);
        Fs.SetPermissions("f", 0x1A0); // 0640
        Fs.SetPermissions("d", 0x3E8); // 01750 (sticky)
        Assert.Equal(0x1A0u, Fs.Lstat("f").Permissions);
        Assert.Equal(0x3E8u, Fs.Lstat("d").Permissions);
    }

    [Fact]
    public void Rename_replaces_an_existing_file_and_keeps_the_inode()
    {
        WriteFile("new", "new content");
        WriteFile("old", "old content");
        var inode = Fs.Lstat("new").Inode;
        Assert.NotEqual(inode, Fs.Lstat("old").Inode);

        Fs.Rename("new", "old");

        Assert.False(Fs.Exists("new"));
        Assert.Equal("new content", ReadFile("old"));
        Assert.Equal(inode, Fs.Lstat("old").Inode);
        Assert.NotNull(inode);
    }

    [Fact]
    public void Rename_follows_rename2_rules_for_directories()
    {
        Fs.CreateDirectory("a", 0x1ED);
        WriteFile("a/x", "x");
        Fs.CreateDirectory("empty", 0x1ED);
        WriteFile("f", "f");

        Assert.Equal(FsErrorKind.IsADirectory, Assert.Throws<FsException>(() => Fs.Rename("f", "empty")).Kind);
        Assert.Equal(FsErrorKind.NotADirectory, Assert.Throws<FsException>(() => Fs.Rename("a", "f")).Kind);
        Assert.Equal(FsErrorKind.DirectoryNotEmpty, Assert.Throws<FsException>(() => Fs.Rename("empty", "a")).Kind);
        Assert.Equal(FsErrorKind.NotFound, Assert.Throws<FsException>(() => Fs.Rename("nope", "x")).Kind);

        Fs.Rename("a", "empty");
        Assert.Equal("x", ReadFile("empty/x"));
        Assert.False(Fs.Exists("a"));
    }

    [Fact]
    public void Removing_a_symlink_leaves_its_target()
    {
        WriteFile("f", "x");
        Fs.CreateSymlink("l", "f");
        Fs.Remove("l");
        Assert.False(Fs.Exists("l"));
        Assert.Equal("x", ReadFile("f"));
        Fs.Remove("f");
        Assert.Empty(Fs.ListDirectory(PathNames.Root));
    }

    [Fact]
    public void Created_directory_lists_entries_in_ordinal_order()
    {
        Fs.CreateDirectory("d", 0x1ED);
        foreach (var name in new[] { "b", "B", "a", "\u00e9", "Z" })
        {
            WriteFile("d/" + name, name);
        }

        Assert.Equal(["d/B", "d/Z", "d/a", "d/b", "d/\u00e9"], Fs.ListDirectory("d").Select(e => e.Name));
    }

    [Fact]
    public void Atomic_write_replaces_content_leaves_no_temp_file_and_sets_permissions()
    {
        Fs.CreateDirectory("d", 0x1ED);
        WriteFile("d/target", "old");

        AtomicWriter.Write(Fs, "d/target", "new content"u8, 0x180);

        Assert.Equal("new content", ReadFile("d/target"));
        Assert.Equal(0x180u, Fs.Lstat("d/target").Permissions);
        Assert.Equal(["d/target"], Fs.ListDirectory("d").Select(e => e.Name));
    }

    [Fact]
    public void Atomic_write_discards_a_stale_temp_file()
    {
        WriteFile(".syncthing.t.tmp", "stale");
        AtomicWriter.Write(Fs, "t", 0x1A4, stream => stream.Write("fresh"u8));
        Assert.Equal("fresh", ReadFile("t"));
        Assert.False(Fs.Exists(".syncthing.t.tmp"));
    }

    [Fact]
    public void Case_conflicts_follow_the_policy()
    {
        Fs.CreateDirectory("Dir", 0x1ED);
        WriteFile("Dir/File.txt", "x");

        var syncthing = new CaseConflictDetector(Fs, CaseConflictPolicy.Syncthing);
        var strict = new CaseConflictDetector(Fs, CaseConflictPolicy.Strict);
        var off = new CaseConflictDetector(Fs, CaseConflictPolicy.Off);

        // Case-sensitive storage: 1.19 looks up the real case only for names that resolve, so it never fires.
        Assert.Null(syncthing.FindConflict("dir/file.txt"));
        Assert.Null(syncthing.FindConflict("Dir/File.txt"));
        Assert.Equal("Dir", strict.FindConflict("dir/file.txt"));
        Assert.Equal("Dir/File.txt", strict.FindConflict("Dir/FILE.TXT"));
        Assert.Null(strict.FindConflict("Dir/File.txt"));
        Assert.Null(strict.FindConflict("Dir/other"));
        Assert.Null(off.FindConflict("dir/file.txt"));

        WriteFile("Dir/file.txt", "y");
        Assert.Equal("Dir/File.txt", strict.FindConflict("Dir/file.txt"));
        Assert.Null(syncthing.FindConflict("Dir/file.txt"));

        var error = Assert.Throws<FsException>(() => strict.Check("DIR"));
        Assert.Equal(FsErrorKind.CaseConflict, error.Kind);
        Assert.Contains("remote \"DIR\" uses different upper or lowercase characters than local \"Dir\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_conflicts_compare_after_unicode_folding()
    {
        WriteFile("\u00c9T\u00c9", "x");
        var strict = new CaseConflictDetector(Fs, CaseConflictPolicy.Strict);
        Assert.Equal("\u00c9T\u00c9", strict.FindConflict("\u00e9t\u00e9"));
    }

    [Fact]
    public void Fsync_of_files_and_directories_succeeds_and_refuses_wrong_kinds()
    {
        Fs.CreateDirectory("d", 0x1ED);
        WriteFile("d/f", "x");
        Fs.SyncFile("d/f");
        Fs.SyncDirectory("d");
        Assert.Equal(FsErrorKind.NotADirectory, Assert.Throws<FsException>(() => Fs.SyncDirectory("d/f")).Kind);
        Assert.Equal(FsErrorKind.IsADirectory, Assert.Throws<FsException>(() => Fs.SyncFile("d")).Kind);
    }

    [Fact]
    public void SetOpenFileAttributes_sets_mode_then_mtime_of_the_open_file_even_after_its_name_is_replaced()
    {
        Fs.CreateDirectory("d", 0x1ED);
        var when = new FileTimestamp(1_700_000_000, 123_456_789);
        using (var stream = Fs.CreateNew("d/f", 0x1A4))
        {
            stream.Write("data"u8);
            stream.Flush();
            Fs.SetOpenFileAttributes(stream, "d/f", 0x180, when);
        }

        var set = Fs.Lstat("d/f");
        Assert.Equal(when, set.Modified);
        Assert.Equal(0x180u, set.Permissions & 0x1FF);

        // Without permissions only the time changes; and it is the open file that changes, not what is now at the name.
        WriteFile("d/other", "other");
        var otherBefore = Fs.Lstat("d/other");
        using (var stream = Fs.OpenWrite("d/f"))
        {
            Fs.Rename("d/other", "d/f");
            Fs.SetOpenFileAttributes(stream, "d/f", null, new FileTimestamp(1_600_000_000, 0));
            if (Fs.Lstat("d/f").Inode is null)
            {
                return; // Name-based fallback (no descriptors on this platform): nothing more to tell apart.
            }

            Assert.Equal(new FileTimestamp(1_600_000_000, 0), Fs.StatOpenFile(stream, "d/f").Modified);
            Assert.Equal(0x180u, Fs.StatOpenFile(stream, "d/f").Permissions & 0x1FF);
        }

        Assert.Equal(otherBefore.Modified, Fs.Lstat("d/f").Modified);
    }

    [Fact]
    public void StatOpenFile_describes_the_opened_file_even_after_its_name_is_replaced()
    {
        Fs.CreateDirectory("d", 0x1ED);
        WriteFile("d/f", "first");
        WriteFile("d/other", "second, longer");
        using var stream = Fs.OpenRead("d/f");
        var opened = Fs.StatOpenFile(stream, "d/f");
        Assert.Equal(Fs.Lstat("d/f"), opened);

        Fs.Rename("d/other", "d/f");

        var after = Fs.StatOpenFile(stream, "d/f");
        Assert.Equal(opened.Size, after.Size);
        Assert.Equal(opened.Inode, after.Inode);
        Assert.Equal(14, Fs.Lstat("d/f").Size);
        Assert.NotEqual(opened.Inode, Fs.Lstat("d/f").Inode);
    }
}
