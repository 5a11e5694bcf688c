using System.Globalization;
using System.Text;
using Syncthing.Engine.Benchmarks.Shared;

namespace Syncthing.Engine.Benchmarks.Scan;

/// <summary>
/// The <c>scan-vs-syncthing</c> mode: generates the two datasets (fixed seeds) under a temporary directory, warms
/// the page cache, then for each dataset alternates our scan and real Syncthing's initial scan (the side that goes
/// first alternates too), prints a Markdown table of the medians and writes it with the machine facts to the
/// results file. Everything it created is deleted at the end.
/// </summary>
internal static class ScanVsSyncthing
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = ScanBenchOptions.Parse(args);
        var binary = options.SyncthingPath ?? ChildProcess.FindOnPath("syncthing")
            ?? throw new InvalidOperationException("syncthing is not on PATH; pass --syncthing PATH.");
        var real = new RealSyncthingScan(binary);
        var work = Directory.CreateDirectory(Path.Combine(options.Directory, $"st-scanbench-{Guid.NewGuid():N}")).FullName;
        try
        {
            CheckFreeSpace(work, options);
            var started = DateTimeOffset.UtcNow;
            var loadBefore = MachineFacts.LoadAverage();
            Console.WriteLine($"Generating datasets under {work} ...");
            ScanDataset[] datasets =
            [
                ScanDataset.WriteSmallFiles(Path.Combine(work, "small"), options.SmallFiles),
                ScanDataset.WriteBigFile(Path.Combine(work, "big"), options.BigMiB),
            ];
            Console.WriteLine("Measuring single-core SHA-256 ...");
            var machine = MachineFacts.Measure();
            var version = await real.VersionAsync(cancellationToken).ConfigureAwait(false);

            var runs = new List<ScanMeasurement>();
            foreach (var dataset in datasets)
            {
                dataset.WarmPageCache();
                for (var run = 1; run <= options.Runs; run++)
                {
                    var oursFirst = run % 2 == 1;
                    for (var turn = 0; turn < 2; turn++)
                    {
                        ScanMeasurement m;
                        if ((turn == 0) == oursFirst)
                        {
                            var seconds = await OurScan.RunAsync(dataset, work, cancellationToken).ConfigureAwait(false);
                            m = new ScanMeasurement("ours", dataset.Name, run, seconds, 0);
                        }
                        else
                        {
                            var (seconds, wall) = await real.RunAsync(dataset, work, cancellationToken).ConfigureAwait(false);
                            m = new ScanMeasurement("syncthing", dataset.Name, run, seconds, wall);
                        }

                        Console.WriteLine(ScanReport.Invariant($"  {m.Dataset}, run {m.Run}, {m.Side}: {m.Seconds:F3} s"));
                        runs.Add(m);
                    }
                }
            }

            var table = ScanReport.Table(datasets, runs);
            Console.WriteLine();
            Console.WriteLine(table);
            var markdown = Markdown(options, datasets, runs, machine, version, started, DateTimeOffset.UtcNow, loadBefore, MachineFacts.LoadAverage());
            var resultsDirectory = Path.GetDirectoryName(Path.GetFullPath(options.ResultsPath))!;
            Directory.CreateDirectory(resultsDirectory);
            await File.WriteAllTextAsync(options.ResultsPath, markdown, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Written to {Path.GetFullPath(options.ResultsPath)}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void CheckFreeSpace(string work, ScanBenchOptions options)
    {
        // Data (small files average 32.5 KiB plus a 4 KiB allocation slack each), plus the two indexes, plus margin.
        var needed = (options.SmallFiles * 37L * 1024) + ((long)options.BigMiB * 1024 * 1024) + (512L * 1024 * 1024);
        var free = new DriveInfo(work).AvailableFreeSpace;
        if (free < needed)
        {
            throw new InvalidOperationException(ScanReport.Invariant($"{work} has {free / 1e9:F1} GB free; the benchmark needs about {needed / 1e9:F1} GB."));
        }
    }

    private static string Markdown(
        ScanBenchOptions options, ScanDataset[] datasets, List<ScanMeasurement> runs, MachineFacts machine, string version,
        DateTimeOffset started, DateTimeOffset finished, string loadBefore, string loadAfter)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Scan throughput: our scanner beside real Syncthing");
        text.AppendLine();
        text.AppendLine(c, $"Run {started:yyyy-MM-dd HH:mm}–{finished:HH:mm} UTC with");
        text.AppendLine(c, $"`dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks -- {ScanBenchOptions.Command} --runs {options.Runs} --small {options.SmallFiles} --big-mib {options.BigMiB}`");
        text.AppendLine("(this file is rewritten by every run).");
        text.AppendLine();
        text.AppendLine(c, $"**Machine.** {machine.Cores} logical cores, {machine.Cpu}; {machine.Memory} RAM; {machine.Os}; {machine.Runtime}.");
        text.AppendLine(c, $"SHA-256 on one core, measured in this run: {machine.Sha256MBps:N0} MB/s (.NET `SHA256.HashData`, 128 KiB blocks).");
        text.AppendLine(c, $"Real Syncthing: `{version}`. Load average before / after: {loadBefore} / {loadAfter}.");
        text.AppendLine();
        text.AppendLine("**Data.** Generated with fixed seeds under a temporary directory on the same disk as the indexes:");
        foreach (var d in datasets)
        {
            text.AppendLine(c, $"- {d.Name}: {d.Files:N0} files, {d.Directories:N0} directories, {d.Bytes:N0} bytes of random (incompressible) content.");
        }

        text.AppendLine();
        text.AppendLine("**What is measured.** Both sides perform an initial scan of the whole folder into an empty index: walk,");
        text.AppendLine("stat, read and hash every file (SHA-256 per block, Adler-32 weak hashes on both sides), write every record and");
        text.AppendLine("commit. The page cache is warm for both: every file was read once after generation and the data fits in RAM,");
        text.AppendLine("so neither side reads from the disk; the caches were not dropped between runs (that needs root).");
        text.AppendLine("- *Ours*: a new `SqliteIndexStore` is opened (schema created) before the clock starts; the clock covers one");
        text.AppendLine("  `FolderScanner.ScanAsync` call with default options (hashers = cores, large files split across cores).");
        text.AppendLine("- *Syncthing*: a fresh home (`syncthing generate`), the folder configured paused (watcher off, rescan interval");
        text.AppendLine("  1 day, discovery/relays/NAT/usage reporting off, `setLowPriority` false, `hashers` 0, which 1.19 on Linux");
        text.AppendLine("  turns into cores ÷ folders hashers, each hashing one whole file on one core); after");
        text.AppendLine("  `PATCH /rest/config/folders/ID {\"paused\":false}` the time runs from the `time` of its `StateChanged` event");
        text.AppendLine("  to `scanning` to that of the first one to `idle` (Syncthing's own nanosecond clock, database writes");
        text.AppendLine("  included; the events' `duration` field is not used because 1.19 truncates the state-change time it is");
        text.AppendLine("  measured from to whole seconds); `/rest/db/status` must then count every file and directory. The wall");
        text.AppendLine("  time from the PATCH to seeing `idle` (folder start-up and event polling included) is listed for reference.");
        text.AppendLine(c, $"- {options.Runs} runs per side and dataset, alternating sides (and which side goes first); medians below.");
        text.AppendLine("  MB = 10^6 bytes of file content; files/s counts regular files.");
        text.AppendLine();
        text.AppendLine("## Medians");
        text.AppendLine();
        text.Append(ScanReport.Table(datasets, runs));
        text.AppendLine();
        text.AppendLine("## Every run");
        text.AppendLine();
        text.Append(ScanReport.Runs(runs));
        return text.ToString();
    }
}
