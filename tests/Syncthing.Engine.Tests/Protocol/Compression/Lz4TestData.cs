namespace Syncthing.Engine.Tests.Protocol.Compression;

/// <summary>Deterministic inputs and the committed python-lz4 vectors shared by the LZ4 tests.</summary>
internal static class Lz4TestData
{
    private const string VectorsRelativePath = "tests/Syncthing.Engine.Tests/Protocol/Compression/testdata/lz4-block-vectors.txt";

    /// <summary>Uniformly random bytes (incompressible).</summary>
    public static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>
    /// Data with the texture of real messages: random runs, byte runs, copies of earlier data at short and long
    /// distances (some overlapping), drawn from a small alphabet so accidental matches also happen.
    /// </summary>
    public static byte[] Mixed(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[length];
        var pos = 0;
        while (pos < length)
        {
            var run = Math.Min(length - pos, rng.Next(1, 300));
            switch (rng.Next(4))
            {
                case 0:
                    rng.NextBytes(data.AsSpan(pos, run));
                    break;
                case 1:
                    data.AsSpan(pos, run).Fill((byte)rng.Next(256));
                    break;
                case 2:
                    for (var i = 0; i < run; i++)
                    {
                        data[pos + i] = (byte)('a' + rng.Next(4));
                    }

                    break;
                default:
                    if (pos == 0)
                    {
                        continue;
                    }

                    // Byte-by-byte so that distance < run repeats the pattern, as an overlapping match does.
                    var distance = rng.Next(1, Math.Min(pos, 70_000) + 1);
                    for (var i = 0; i < run; i++)
                    {
                        data[pos + i] = data[pos + i - distance];
                    }

                    break;
            }

            pos += run;
        }

        return data;
    }

    /// <summary>The python-lz4 vectors: (name, input, raw block). See testdata/README.md.</summary>
    public static IEnumerable<(string Name, byte[] Input, byte[] Block)> PythonVectors()
    {
        foreach (var line in File.ReadLines(FindVectorsFile()))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            yield return (fields[0], Convert.FromBase64String(fields[1]), Convert.FromHexString(fields[2]));
        }
    }

    // The test project does not copy testdata to its output, so find the checkout from the test binary upwards.
    private static string FindVectorsFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, VectorsRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("LZ4 test vectors not found above " + AppContext.BaseDirectory, VectorsRelativePath);
    }
}
