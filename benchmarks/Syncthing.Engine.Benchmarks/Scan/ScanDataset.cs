namespace Syncthing.Engine.Benchmarks.Scan;

/// <summary>One folder to scan: its path and what a complete scan must find in it.</summary>
internal sealed record ScanDataset(string Name, string Id, string Path, long Files, long Directories, long Bytes)
{
    public const string Marker = ".stfolder";

    /// <summary>
    /// <paramref name="count"/> files of 1–64 KiB of random bytes (seed 42) in 10 top directories of 10
    /// subdirectories each, plus Syncthing's folder marker.
    /// </summary>
    public static ScanDataset WriteSmallFiles(string path, int count)
    {
        var rng = new Random(42);
        var buffer = new byte[64 * 1024];
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(path, Marker));
        long bytes = 0;
        var directories = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var top = $"d{i % 10}";
            var dir = System.IO.Path.Combine(path, top, $"s{i / 10 % 10}");
            if (directories.Add(dir))
            {
                directories.Add(System.IO.Path.Combine(path, top));
                System.IO.Directory.CreateDirectory(dir);
            }

            var size = rng.Next(1024, (64 * 1024) + 1);
            rng.NextBytes(buffer.AsSpan(0, size));
            File.WriteAllBytes(System.IO.Path.Combine(dir, $"f{i:D6}.bin"), buffer.AsSpan(0, size).ToArray());
            bytes += size;
        }

        return new ScanDataset($"{count:N0} small files (1–64 KiB)", "small", path, count, directories.Count, bytes);
    }

    /// <summary>
    /// <paramref name="count"/> files of 0–64 bytes of random bytes (seed 44) in 100 top directories of 10
    /// subdirectories each, plus Syncthing's folder marker.
    /// </summary>
    public static ScanDataset WriteTinyFiles(string path, int count)
    {
        var rng = new Random(44);
        var buffer = new byte[64];
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(path, Marker));
        long bytes = 0;
        var directories = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var top = $"t{i % 100}";
            var dir = System.IO.Path.Combine(path, top, $"u{i / 100 % 10}");
            if (directories.Add(dir))
            {
                directories.Add(System.IO.Path.Combine(path, top));
                System.IO.Directory.CreateDirectory(dir);
            }

            var size = rng.Next(0, 65);
            rng.NextBytes(buffer.AsSpan(0, size));
            File.WriteAllBytes(System.IO.Path.Combine(dir, $"f{i:D6}.bin"), buffer.AsSpan(0, size).ToArray());
            bytes += size;
        }

        return new ScanDataset($"{count:N0} tiny files (0–64 B)", "tiny", path, count, directories.Count, bytes);
    }

    /// <summary>One file of <paramref name="mib"/> MiB of random bytes (seed 43), plus the folder marker.</summary>
    public static ScanDataset WriteBigFile(string path, int mib)
    {
        var rng = new Random(43);
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(path, Marker));
        var chunk = new byte[1024 * 1024];
        using (var file = new FileStream(System.IO.Path.Combine(path, "big.bin"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            for (var i = 0; i < mib; i++)
            {
                rng.NextBytes(chunk);
                file.Write(chunk);
            }
        }

        return new ScanDataset($"1 file of {mib:N0} MiB", "big", path, 1, 0, (long)mib * 1024 * 1024);
    }

    /// <summary>Reads every file once so that both scanners start with the page cache warm.</summary>
    public void WarmPageCache()
    {
        var buffer = new byte[1 << 20];
        foreach (var file in System.IO.Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            while (stream.Read(buffer) > 0)
            {
            }
        }
    }
}
