using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Syncthing.Engine.Benchmarks.Shared;

/// <summary>What the results depend on: cores, CPU, memory, runtime, and the single-core SHA-256 speed measured now.</summary>
internal sealed record MachineFacts(int Cores, string Cpu, string Memory, string Os, string Runtime, double Sha256MBps)
{
    public static MachineFacts Measure() => new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ProcField("/proc/meminfo", "MemTotal") ?? "unknown",
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        Sha256OneCore());

    /// <summary>The 1-minute load average, or "unknown".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>SHA-256 over 512 MiB of random bytes in 128 KiB blocks on the calling thread, best of three, in MB/s (10^6 bytes).</summary>
    private static double Sha256OneCore()
    {
        const int block = 128 * 1024;
        var data = new byte[64 * 1024 * 1024];
        new Random(1).NextBytes(data);
        Span<byte> hash = stackalloc byte[32];
        var best = double.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var clock = Stopwatch.StartNew();
            for (var pass = 0; pass < 8; pass++)
            {
                for (var offset = 0; offset < data.Length; offset += block)
                {
                    SHA256.HashData(data.AsSpan(offset, block), hash);
                }
            }

            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return 8.0 * data.Length / 1e6 / best;
    }

    /// <summary>
    /// Sequential write of <paramref name="mib"/> MiB of random bytes in 1 MiB writes into a new file under
    /// <paramref name="directory"/>, then fsync; MB/s (10^6 bytes) over the whole, fsync included. The file is deleted.
    /// </summary>
    public static double DiskWriteWithFsync(string directory, int mib)
    {
        var path = Path.Combine(directory, $"disk-probe-{Guid.NewGuid():N}.bin");
        var chunk = new byte[1024 * 1024];
        new Random(2).NextBytes(chunk);
        try
        {
            var clock = Stopwatch.StartNew();
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                for (var i = 0; i < mib; i++)
                {
                    chunk[0] = (byte)i; // no two chunks alike
                    file.Write(chunk);
                }

                file.Flush(flushToDisk: true);
            }

            return (double)mib * chunk.Length / 1e6 / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> into a scratch file and deletes it (no fsync: the dirty pages are dropped, not
    /// written back). On this kind of virtual machine the first write into guest memory the host has not backed yet
    /// costs several times an ordinary page-cache copy; running this just before a timed step hands the step's writer
    /// memory that is already backed, whichever implementation runs first.
    /// </summary>
    public static void WarmPageCache(string directory, long bytes)
    {
        var path = Path.Combine(directory, $"page-cache-warmup-{Guid.NewGuid():N}.bin");
        var chunk = new byte[1024 * 1024];
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            for (long written = 0; written < bytes; written += chunk.Length)
            {
                file.Write(chunk);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string? ProcField(string file, string field)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
