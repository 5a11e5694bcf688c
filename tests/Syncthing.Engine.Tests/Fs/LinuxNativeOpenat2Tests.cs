using System.Diagnostics;
using Syncthing.Engine.Fs.Basic;

namespace Syncthing.Engine.Tests.Fs;

/// <summary>openat2 with RESOLVE_NO_SYMLINKS, the one-call open behind BasicFileSystem.OpenRead and CreateNew on Linux.</summary>
public sealed class LinuxNativeOpenat2Tests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_symlink_anywhere_in_the_path_is_refused_with_ELOOP()
    {
        Assert.True(LinuxNative.IsSupported, "these tests need Linux on x64 or arm64");
        var real = Directory.CreateDirectory(Path.Combine(_root.Path, "real")).FullName;
        File.WriteAllText(Path.Combine(real, "f"), "data");
        File.CreateSymbolicLink(Path.Combine(_root.Path, "link"), real);
        File.CreateSymbolicLink(Path.Combine(real, "to-f"), Path.Combine(real, "f"));

        var (viaParent, parentErrno) = LinuxNative.OpenNoSymlinks(Path.Combine(_root.Path, "link", "f"), LinuxNative.OpenForReading, 0);
        var (viaFinal, finalErrno) = LinuxNative.OpenNoSymlinks(Path.Combine(real, "to-f"), LinuxNative.OpenForReading, 0);
        var (created, createErrno) = LinuxNative.OpenNoSymlinks(Path.Combine(_root.Path, "link", "new"), LinuxNative.CreateExclusive, 0x1A4);
        using var direct = LinuxNative.OpenNoSymlinks(Path.Combine(real, "f"), LinuxNative.OpenForReading, 0).File;

        Assert.Null(viaParent);
        Assert.Equal(LinuxNative.ELOOP, parentErrno);
        Assert.Null(viaFinal);
        Assert.Equal(LinuxNative.ELOOP, finalErrno);
        Assert.Null(created);
        Assert.Equal(LinuxNative.ELOOP, createErrno);
        Assert.False(File.Exists(Path.Combine(real, "new")));
        Assert.NotNull(direct);
        Assert.Equal(0, LinuxNative.MakeBlocking(direct));
        using var stream = new FileStream(direct, FileAccess.Read, 0);
        Assert.Equal("data", new StreamReader(stream).ReadToEnd());
    }

    [Fact]
    public async Task Opening_a_fifo_to_read_returns_at_once_and_shows_it_is_not_a_regular_file()
    {
        Assert.True(LinuxNative.IsSupported, "these tests need Linux on x64 or arm64");
        var fifo = Path.Combine(_root.Path, "p");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            Assert.True(mkfifo.WaitForExit(10_000));
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Without O_NONBLOCK this open would wait for a writer forever.
        var (file, errno) = await Task.Run(() => LinuxNative.OpenNoSymlinks(fifo, LinuxNative.OpenForReading, 0)).WaitAsync(TimeSpan.FromSeconds(10));

        using (file)
        {
            Assert.Equal(0, errno);
            Assert.NotNull(file);
            Assert.Equal(0, LinuxNative.Fstat(file, out var raw));
            Assert.NotEqual(LinuxNative.SIfreg, raw.Mode & LinuxNative.SIfmt);
        }
    }

    [Fact]
    public void CreateExclusive_applies_the_mode_and_refuses_an_existing_name()
    {
        Assert.True(LinuxNative.IsSupported, "these tests need Linux on x64 or arm64");
        var path = Path.Combine(_root.Path, "new");

        var (first, firstErrno) = LinuxNative.OpenNoSymlinks(path, LinuxNative.CreateExclusive, 0x180);
        first?.Dispose();
        var (second, secondErrno) = LinuxNative.OpenNoSymlinks(path, LinuxNative.CreateExclusive, 0x180);

        Assert.Equal(0, firstErrno);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Null(second);
        Assert.Equal(LinuxNative.EEXIST, secondErrno);
    }

    [Fact]
    public void A_folder_root_reached_through_a_symlink_still_opens_and_creates()
    {
        Assert.True(LinuxNative.IsSupported, "these tests need Linux on x64 or arm64");
        var real = Directory.CreateDirectory(Path.Combine(_root.Path, "real")).FullName;
        Directory.CreateDirectory(Path.Combine(real, "d"));
        File.WriteAllText(Path.Combine(real, "d", "f"), "data");
        var root = Path.Combine(_root.Path, "root-link");
        File.CreateSymbolicLink(root, real);
        var fs = new BasicFileSystem(root);

        using (var created = fs.CreateNew("d/g", 0x1A4))
        {
            created.Write("more"u8);
        }

        using var read = fs.OpenRead("d/f");
        Assert.Equal("data", new StreamReader(read).ReadToEnd());
        Assert.Equal("more", File.ReadAllText(Path.Combine(real, "d", "g")));
    }
}
