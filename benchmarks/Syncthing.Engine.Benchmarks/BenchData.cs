using System.Text;
using Google.Protobuf;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Benchmarks;

/// <summary>Deterministic inputs shared by the benchmarks (fixed seeds, so every run measures the same bytes).</summary>
internal static class BenchData
{
    public const int BlockSize = 128 * 1024;

    /// <summary>Incompressible bytes.</summary>
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Log-like text: repetitive structure with varying numbers, roughly what source or logs compress like.</summary>
    public static byte[] CompressibleBytes(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length + 128);
        string[] levels = ["INFO", "DEBUG", "WARN"];
        string[] words = ["scanner", "puller", "index", "connection", "folder", "device", "block", "request"];
        while (text.Length < length)
        {
            text.Append("2024-05-").Append(random.Next(10, 29)).Append(' ')
                .Append(random.Next(10, 24)).Append(':').Append(random.Next(10, 60)).Append(':').Append(random.Next(10, 60))
                .Append(' ').Append(levels[random.Next(levels.Length)]).Append(' ')
                .Append(words[random.Next(words.Length)]).Append(": processed ")
                .Append(random.Next(0, 100_000)).Append(" items for ").Append(words[random.Next(words.Length)])
                .Append(" id=").Append(random.Next(0, 1 << 20).ToString("x5", System.Globalization.CultureInfo.InvariantCulture))
                .Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    /// <summary>
    /// An Index message as a peer with a mid-sized folder would send it: 1000 files spread over directories, sizes
    /// from bytes to a few MiB (1–24 blocks with random SHA-256 hashes), one or two version counters each.
    /// </summary>
    public static Protocol.Wire.Index IndexMessage(int files, int seed)
    {
        var random = new Random(seed);
        var index = new Protocol.Wire.Index { Folder = "default-folder" };
        for (var i = 0; i < files; i++)
        {
            var size = random.Next(0, 10) switch
            {
                < 6 => random.Next(1, 64 * 1024),
                < 9 => random.Next(64 * 1024, 1024 * 1024),
                _ => random.Next(1024 * 1024, 3 * 1024 * 1024),
            };
            var file = new Protocol.Wire.FileInfo
            {
                Name = $"projects/dir-{i / 50:D3}/sub-{i % 7}/document-{i:D5}.dat",
                Type = FileInfoType.File,
                Size = size,
                Permissions = 0x1A4, // 0644
                ModifiedS = 1_700_000_000 + random.Next(0, 30_000_000),
                ModifiedNs = random.Next(0, 1_000_000_000),
                ModifiedBy = 0x1234_5678_9ABC_DEF0UL,
                Version = new Vector(),
                Sequence = i + 1,
                BlockSize = BlockSize,
            };
            file.Version.Counters.Add(new Counter { Id = 0x1234_5678_9ABC_DEF0UL, Value = (ulong)(1_700_000_000 + i) });
            if (i % 3 == 0)
            {
                file.Version.Counters.Add(new Counter { Id = 0x7EDC_BA98_7654_3210UL, Value = (ulong)(1_690_000_000 + i) });
            }

            for (long offset = 0; offset < size; offset += BlockSize)
            {
                var hash = new byte[32];
                random.NextBytes(hash);
                file.Blocks.Add(new BlockInfo
                {
                    Offset = offset,
                    Size = (int)Math.Min(BlockSize, size - offset),
                    Hash = ByteString.CopyFrom(hash),
                    WeakHash = (uint)random.Next(),
                });
            }

            index.Files.Add(file);
        }

        return index;
    }

    /// <summary>A Response carrying one 128 KiB block of incompressible data.</summary>
    public static Response BlockResponse(int seed) => new()
    {
        Id = 42,
        Data = ByteString.CopyFrom(RandomBytes(BlockSize, seed)),
        Code = ErrorCode.NoError,
    };
}
