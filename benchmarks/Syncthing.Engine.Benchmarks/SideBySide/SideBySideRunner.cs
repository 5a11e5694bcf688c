using Syncthing.Engine.Benchmarks.Scan;
using Syncthing.Engine.Benchmarks.Shared;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// The <c>side-by-side</c> mode: our daemon and real Syncthing 1.19 started the same way on 127.0.0.1 and measured
/// in the same run. Per run: the idle footprint of both; for every dataset every node pair (scan on the sender,
/// sync to a fresh receiver, and the 4 KiB edit for the big file); the change latency of every pair. The pair order
/// is reversed on even runs so that neither implementation always goes first. The results file gets medians,
/// ratios against the targets, and every raw number. Everything created under the work directory is deleted.
/// </summary>
internal static class SideBySideRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = SideBySideOptions.Parse(args);
        var syncthing = options.SyncthingPath ?? ChildProcess.FindOnPath("syncthing")
            ?? throw new InvalidOperationException("syncthing is not on PATH; pass --syncthing PATH.");
        var syncthingd = Path.GetFullPath(options.SyncthingdPath);
        if (!File.Exists(syncthingd))
        {
            throw new InvalidOperationException(
                $"Our daemon is missing at {syncthingd}: publish it with `bash tools/package.sh --no-help` from the repository root, or pass --syncthingd PATH.");
        }

        var ours = new Implementation(Implementation.Ours, syncthingd, IsOurs: true);
        var real = new Implementation(Implementation.Real, Path.GetFullPath(syncthing), IsOurs: false);
        var pairs = options.Pairs.Select(p => p.Split('-')).Select(p => new NodePair(p[0] == Implementation.Ours ? ours : real, p[1] == Implementation.Ours ? ours : real)).ToList();
        var work = Directory.CreateDirectory(Path.Combine(options.Directory, $"st-sidebyside-{Guid.NewGuid():N}")).FullName;
        try
        {
            CheckFreeSpace(work, options);
            var report = new SideBySideReport(options)
            {
                Started = DateTimeOffset.UtcNow,
                LoadBefore = MachineFacts.LoadAverage(),
                OursVersion = await ours.VersionAsync(cancellationToken).ConfigureAwait(false),
                RealVersion = await real.VersionAsync(cancellationToken).ConfigureAwait(false),
            };
            Console.WriteLine("Measuring the machine (SHA-256 on one core, sequential write with fsync) ...");
            report.Machine = MachineFacts.Measure();
            report.DiskWriteMBps = MachineFacts.DiskWriteWithFsync(work, options.BigMiB);
            Console.WriteLine($"Generating datasets under {work} ...");
            var datasets = options.Datasets.Select(d => Generate(d, Path.Combine(work, "data", d), options)).ToList();
            report.Datasets = datasets;

            try
            {
                await MeasureAsync(report, options, datasets, ours, real, pairs, Directory.CreateDirectory(Path.Combine(work, "sessions")).FullName, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
            {
                // Keep what was measured: a long run that fails late still leaves its numbers.
                report.Failure = e.Message;
            }

            report.Finished = DateTimeOffset.UtcNow;
            report.LoadAfter = MachineFacts.LoadAverage();
            var targets = report.Targets();
            Console.WriteLine();
            Console.WriteLine(targets);
            var resultsDirectory = Path.GetDirectoryName(Path.GetFullPath(options.ResultsPath))!;
            Directory.CreateDirectory(resultsDirectory);
            await File.WriteAllTextAsync(options.ResultsPath, report.Markdown(), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Written to {Path.GetFullPath(options.ResultsPath)}");
            if (report.Failure is not null)
            {
                Console.Error.WriteLine($"The run failed; the results file holds what was measured before:\n{report.Failure}");
                return 1;
            }

            return 0;
        }
        finally
        {
            if (options.KeepWork)
            {
                Console.WriteLine($"Left in place (--keep-work on): {work}");
            }
            else
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task MeasureAsync(
        SideBySideReport report, SideBySideOptions options, List<ScanDataset> datasets, Implementation ours, Implementation real, List<NodePair> pairs,
        string scenarioWork, CancellationToken cancellationToken)
    {
        var idle = new IdleScenario(scenarioWork);
        var deletion = new DeferredDeletion(Path.Combine(Path.GetDirectoryName(scenarioWork)!, "deleted-at-end"));
        var data = new DatasetScenario(scenarioWork, options.StepTimeout, deletion);
        var latency = new LatencyScenario(scenarioWork, options.StepTimeout, options.Changes);
        for (var run = 1; run <= options.Runs; run++)
        {
            var forward = run % 2 == 1;
            var runPairs = forward ? pairs : Enumerable.Reverse(pairs).ToList();
            Console.WriteLine($"Run {run} of {options.Runs}:");
            report.Samples.AddRange(await idle.RunAsync(run, forward ? [ours, real] : [real, ours], cancellationToken).ConfigureAwait(false));
            foreach (var dataset in datasets)
            {
                dataset.WarmPageCache();
                foreach (var pair in runPairs)
                {
                    report.Samples.AddRange(await data.RunAsync(run, dataset, pair, cancellationToken).ConfigureAwait(false));
                }
            }

            foreach (var pair in runPairs)
            {
                report.Samples.AddRange(await latency.RunAsync(run, pair, cancellationToken).ConfigureAwait(false));
            }

            report.DeferredSessions = deletion.Deferred;
        }
    }

    private static ScanDataset Generate(string id, string path, SideBySideOptions options) => id switch
    {
        "big" => ScanDataset.WriteBigFile(path, options.BigMiB),
        "small" => ScanDataset.WriteSmallFiles(path, options.SmallCount),
        "tiny" => ScanDataset.WriteTinyFiles(path, options.TinyCount),
        _ => throw new ArgumentException($"unknown dataset {id}"),
    };

    private static void CheckFreeSpace(string work, SideBySideOptions options)
    {
        // Every dataset twice (sender and one receiver at a time, plus the receiver's temporary copy of the big file),
        // 4 KiB allocation slack per small or tiny file, indexes, and a margin; and every session's received small and
        // tiny files, which stay until the end (DeferredDeletion).
        var many = (options.SmallCount * 37L * 1024) + (options.TinyCount * 4L * 1024);
        var data = many + ((long)options.BigMiB * 1024 * 1024);
        var needed = (3 * data) + (1024L * 1024 * 1024) + ((long)options.Runs * options.Pairs.Count * many);
        var free = new DriveInfo(work).AvailableFreeSpace;
        if (free < needed)
        {
            throw new InvalidOperationException(Stats.Invariant($"{work} has {free / 1e9:F1} GB free; the benchmark needs about {needed / 1e9:F1} GB."));
        }
    }
}
