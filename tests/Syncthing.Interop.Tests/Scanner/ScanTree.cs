namespace Syncthing.Interop.Tests.Scanner;

/// <summary>
/// The tree both scanners look at: nested directories, empty files, a 6 MiB file, NFC Unicode names, a symlink, a
/// read-only file and a read-only directory, and a <c>.stignore</c> whose patterns (plain glob, rooted, <c>(?i)</c>,
/// negation, <c>**</c>, comment) hide some files and whole directories. Reproducible (fixed seed).
/// </summary>
internal static class ScanTree
{
    /// <summary>Directories inside the folder that neither side ignores.</summary>
    public const int Directories = (12 * 3) + 1 + 1 + 1;

    /// <summary>Regular files that neither side ignores.</summary>
    public const int Files = (12 * ((6 + 4 + 3) + 1)) + 2 + 1 + 1 + 1;

    private const string Ignores = """
        // ignored by both sides
        *.tmp
        /build
        (?i)secret*
        !keep.log
        *.log
        **/cache
        """;

    public static void Write(string root)
    {
        var rng = new Random(1234);
        Directory.CreateDirectory(Path.Combine(root, ".stfolder"));
        File.WriteAllText(Path.Combine(root, ".stignore"), Ignores.ReplaceLineEndings("\n") + "\n");

        // 12 × (dir, dir/sub, dir/sub/deeper) = 36 directories; per tree 6 + 4 + 3 files, every fifth empty,
        // plus keep.log (kept by the negation) and, ignored, x.tmp, debug.log, Secret.txt and cache/ with files.
        var n = 0;
        for (var d = 0; d < 12; d++)
        {
            var top = Path.Combine(root, $"a{d:D2}");
            var sub = Path.Combine(top, "sub");
            var deeper = Path.Combine(sub, "deeper");
            Directory.CreateDirectory(deeper);
            WriteFiles(top, 6, rng, ref n);
            WriteFiles(sub, 4, rng, ref n);
            WriteFiles(deeper, 3, rng, ref n);
            File.WriteAllText(Path.Combine(top, "keep.log"), "kept");
            File.WriteAllText(Path.Combine(sub, "x.tmp"), "ignored");
            File.WriteAllText(Path.Combine(deeper, "debug.log"), "ignored");
            File.WriteAllText(Path.Combine(top, "Secret.txt"), "ignored");
            var cache = Directory.CreateDirectory(Path.Combine(sub, "cache")).FullName;
            File.WriteAllText(Path.Combine(cache, "c.bin"), "ignored");
        }

        // Rooted /build is ignored; a nested build directory is not (1 directory, 2 files).
        var build = Directory.CreateDirectory(Path.Combine(root, "build")).FullName;
        File.WriteAllText(Path.Combine(build, "out.o"), "ignored");
        var nestedBuild = Directory.CreateDirectory(Path.Combine(root, "a00", "sub", "deeper", "build")).FullName;
        File.WriteAllText(Path.Combine(nestedBuild, "out.o"), "kept");
        File.WriteAllText(Path.Combine(nestedBuild, "empty.o"), "");

        // NFC Unicode names (1 directory, 1 file).
        var unicode = Directory.CreateDirectory(Path.Combine(root, "Ünïcødé")).FullName;
        File.WriteAllText(Path.Combine(unicode, "файл-日本語-café.txt"), "unicode");

        // 6 MiB of random data: several blocks.
        var big = new byte[6 * 1024 * 1024];
        rng.NextBytes(big);
        File.WriteAllBytes(Path.Combine(root, "big.bin"), big);

        // Read-only file and a read-only directory (1 directory, 1 file).
        var readOnlyFile = Path.Combine(root, "readonly.txt");
        File.WriteAllText(readOnlyFile, "read only");
        File.SetUnixFileMode(readOnlyFile, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var readOnlyDir = Directory.CreateDirectory(Path.Combine(root, "ro-dir")).FullName;
        File.SetUnixFileMode(readOnlyDir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        // A symlink to a directory: recorded as a symlink, never followed.
        File.CreateSymbolicLink(Path.Combine(root, "link-to-a00"), "a00");
    }

    /// <summary>Deletes two files and the directory a03/sub (with its files and a03/sub/deeper); returns the items removed.</summary>
    public static long DeleteSome(string root)
    {
        File.Delete(Path.Combine(root, "a01", "f0.bin"));
        File.Delete(Path.Combine(root, "big.bin"));
        var sub = Path.Combine(root, "a03", "sub");
        // Items of a03/sub that were indexed: the directory itself, its files, deeper/ and its files; the ignored
        // x.tmp, deeper/debug.log and cache/ were never indexed, so they produce no deletion records.
        var removed = 2L + 1 + 4 + 1 + 3;
        Directory.Delete(sub, recursive: true);
        return removed;
    }

    private static void WriteFiles(string dir, int count, Random rng, ref int n)
    {
        for (var i = 0; i < count; i++, n++)
        {
            var data = new byte[n % 5 == 0 ? 0 : rng.Next(1, 40_000)];
            rng.NextBytes(data);
            File.WriteAllBytes(Path.Combine(dir, $"f{i}.bin"), data);
        }
    }
}
