namespace Syncthing.Interop.Tests.Sync;

/// <summary>
/// The acceptance tree of issue 4: 30 directories each with a nested one, 1,050 small files (every seventh empty),
/// Unicode names, a 200 MB file, a symlink, a read-only file and an executable one; all from a seeded PRNG.
/// </summary>
internal static class SyncTree
{
    public const string BigName = "big.bin";
    public const long BigSize = 200L * 1024 * 1024;

    /// <summary>Writes the tree under <paramref name="root"/> and returns how many items it holds.</summary>
    public static int Write(string root, int seed)
    {
        var rng = new Random(seed);
        var items = 0;
        for (var d = 0; d < 30; d++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, $"d{d:D2}", "sub")).Parent!.FullName;
            items += 2;
            for (var f = 0; f < 35; f++)
            {
                var data = new byte[f % 7 == 0 ? 0 : rng.Next(1, 20_000)];
                rng.NextBytes(data);
                File.WriteAllBytes(Path.Combine(f % 2 == 0 ? dir : Path.Combine(dir, "sub"), $"f{f:D3}.txt"), data);
                items++;
            }
        }

        var unicode = Directory.CreateDirectory(Path.Combine(root, "Ünïcødé", "日本語")).Parent!.FullName;
        File.WriteAllText(Path.Combine(unicode, "файл-日本語.txt"), "unicode");
        File.WriteAllText(Path.Combine(unicode, "日本語", "émoji-🎉.txt"), "party");
        items += 4;
        WriteBig(Path.Combine(root, BigName), seed);
        items++;
        File.CreateSymbolicLink(Path.Combine(root, "link-to-d00"), "d00/sub");
        items++;
        var readOnly = Path.Combine(root, "read-only.txt");
        File.WriteAllText(readOnly, "do not touch");
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var script = Path.Combine(root, "run.sh");
        File.WriteAllText(script, "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(script, (UnixFileMode)0x1ED); // 0755
        items += 2;
        return items;
    }

    /// <summary>200 MB of seeded pseudo-random bytes, written in 1 MiB chunks.</summary>
    public static void WriteBig(string path, int seed)
    {
        var rng = new Random(seed * 7919);
        var chunk = new byte[1024 * 1024];
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        for (long written = 0; written < BigSize; written += chunk.Length)
        {
            rng.NextBytes(chunk);
            stream.Write(chunk);
        }
    }
}
