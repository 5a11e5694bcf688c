using System.Globalization;

namespace Syncthing.Engine.Benchmarks.Scan;

/// <summary>
/// Command line of the <c>scan-vs-syncthing</c> mode:
/// <c>[--runs 3] [--small 10000] [--big-mib 1024] [--dir PATH] [--results PATH] [--syncthing PATH]</c>.
/// </summary>
internal sealed record ScanBenchOptions
{
    public const string Command = "scan-vs-syncthing";

    /// <summary>Measured scans per side and dataset; the median is reported.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Files in the small-files dataset (1–64 KiB each).</summary>
    public int SmallFiles { get; init; } = 10_000;

    /// <summary>Size of the single large file in MiB.</summary>
    public int BigMiB { get; init; } = 1024;

    /// <summary>Parent of the temporary work directory (datasets, index databases, Syncthing homes).</summary>
    public string Directory { get; init; } = Path.GetTempPath();

    /// <summary>Where the Markdown results are written.</summary>
    public string ResultsPath { get; init; } = Path.Combine("benchmarks", "RESULTS-scan.md");

    /// <summary>The real Syncthing binary; by default the first <c>syncthing</c> on PATH.</summary>
    public string? SyncthingPath { get; init; }

    public static ScanBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ScanBenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--runs" => options with { Runs = Positive(args[i], value) },
                "--small" => options with { SmallFiles = Positive(args[i], value) },
                "--big-mib" => options with { BigMiB = Positive(args[i], value) },
                "--dir" => options with { Directory = value },
                "--results" => options with { ResultsPath = value },
                "--syncthing" => options with { SyncthingPath = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive integer, not '{value}'.");
}
