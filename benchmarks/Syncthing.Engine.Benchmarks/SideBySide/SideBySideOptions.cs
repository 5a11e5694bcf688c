using System.Globalization;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// Command line of the <c>side-by-side</c> mode: <c>[--runs 3] [--datasets big,small,tiny] [--big-mib 1024]
/// [--small-count 10000] [--tiny-count 100000] [--pairs ours-ours,real-real,ours-real,real-ours] [--changes 5]
/// [--step-timeout-min 10] [--keep-work off|on] [--dir PATH] [--results PATH] [--syncthing PATH] [--syncthingd PATH]</c>.
/// </summary>
internal sealed record SideBySideOptions
{
    public const string Command = "side-by-side";

    public static readonly IReadOnlyList<string> AllDatasets = ["big", "small", "tiny"];

    public static readonly IReadOnlyList<string> AllPairs = ["ours-ours", "real-real", "ours-real", "real-ours"];

    /// <summary>Measured rounds; every metric is reported as the median over them.</summary>
    public int Runs { get; init; } = 3;

    public IReadOnlyList<string> Datasets { get; init; } = AllDatasets;

    /// <summary>Size of the single random file in MiB (also the size of the fsync write probe).</summary>
    public int BigMiB { get; init; } = 1024;

    public int SmallCount { get; init; } = 10_000;

    public int TinyCount { get; init; } = 100_000;

    /// <summary>Node pairs as sender-receiver; "real" is Syncthing 1.19, "ours" is syncthingd.</summary>
    public IReadOnlyList<string> Pairs { get; init; } = AllPairs;

    /// <summary>Measured changes per pair and run for the change-propagation latency (after one warm-up change).</summary>
    public int Changes { get; init; } = 5;

    /// <summary>Bound on every single wait (a scan, a sync, a connection); exceeded means the run fails.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Parent of the temporary work directory (datasets, homes, receivers' folders).</summary>
    public string Directory { get; init; } = Path.GetTempPath();

    public string ResultsPath { get; init; } = Path.Combine("benchmarks", "RESULTS-side-by-side.md");

    /// <summary>Real Syncthing; by default the first <c>syncthing</c> on PATH.</summary>
    public string? SyncthingPath { get; init; }

    /// <summary>
    /// Our daemon; by default the one <c>tools/package.sh</c> publishes (precompiled, as shipped), relative to the
    /// current directory (the repository root).
    /// </summary>
    public string SyncthingdPath { get; init; } = Path.Combine("out", "Syncthing", "daemon", "syncthingd");

    /// <summary>
    /// Leave the work directory in place at the end (its path is printed). For series of runs on ext4 without a
    /// journal: deleting a run's files slows the next run's file creation for minutes (<see cref="DeferredDeletion"/>),
    /// so a series deletes them all when it is done.
    /// </summary>
    public bool KeepWork { get; init; }

    /// <summary>The arguments as given, for the results file.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public static SideBySideOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SideBySideOptions { Arguments = [.. args] };
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--runs" => options with { Runs = Positive(args[i], value) },
                "--datasets" => options with { Datasets = Subset(args[i], value, AllDatasets) },
                "--big-mib" => options with { BigMiB = Positive(args[i], value) },
                "--small-count" => options with { SmallCount = Positive(args[i], value) },
                "--tiny-count" => options with { TinyCount = Positive(args[i], value) },
                "--pairs" => options with { Pairs = Subset(args[i], value, AllPairs) },
                "--changes" => options with { Changes = Positive(args[i], value) },
                "--step-timeout-min" => options with { StepTimeout = TimeSpan.FromMinutes(Positive(args[i], value)) },
                "--dir" => options with { Directory = value },
                "--results" => options with { ResultsPath = value },
                "--syncthing" => options with { SyncthingPath = value },
                "--syncthingd" => options with { SyncthingdPath = value },
                "--keep-work" => options with { KeepWork = OnOff(args[i], value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options;
    }

    private static bool OnOff(string name, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new ArgumentException($"{name} takes on or off, not '{value}'."),
    };

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive integer, not '{value}'.");

    private static string[] Subset(string name, string value, IReadOnlyList<string> allowed)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = items.Where(i => !allowed.Contains(i, StringComparer.Ordinal)).ToArray();
        if (items.Length == 0 || unknown.Length > 0)
        {
            throw new ArgumentException($"{name} takes a comma-separated subset of {string.Join(',', allowed)}, not '{value}'.");
        }

        // Keep the canonical order so that runs with different spellings compare.
        return [.. allowed.Where(items.Contains)];
    }
}
