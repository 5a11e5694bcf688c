using System.Diagnostics;
using System.Globalization;
using System.Text;
using Syncthing.Engine.Benchmarks.Scan;
using Syncthing.Engine.Benchmarks.Shared;
using Syncthing.Engine.Bundles;
using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Benchmarks.Bundles;

/// <summary>
/// <c>bundle-memory</c>: shows that bundle export and import are streaming. For folders of growing size (one random
/// file of N MiB plus N×10 small files) it exports a full bundle from one index and imports it into a fresh node,
/// and reports for each step the peak managed heap (sampled every 5 ms) and the process's peak RSS above the RSS
/// before the step (Linux: VmHWM after resetting it through /proc/self/clear_refs). Memory that stays flat while
/// the folder grows is the claim; the figures go to benchmarks/RESULTS-bundle-memory.md.
/// </summary>
internal static class BundleMemory
{
    public const string Command = "bundle-memory";
    private const string FolderId = "default";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sizes = Option(args, "--sizes", "128,512,2048").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var results = Option(args, "--results", Path.Combine("benchmarks", "RESULTS-bundle-memory.md"));
        var root = Directory.CreateTempSubdirectory("st-bundle-memory").FullName;
        var rows = new List<string>();
        try
        {
            foreach (var mib in sizes)
            {
                rows.AddRange(await MeasureAsync(root, mib, cancellationToken).ConfigureAwait(false));
                Directory.Delete(root, recursive: true);
                Directory.CreateDirectory(root);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        var report = new StringBuilder()
            .AppendLine("# Bundle export and import: memory against folder size")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks -- {Command} {string.Join(' ', args)}` on {Environment.ProcessorCount} cores, load {MachineFacts.LoadAverage()}.")
            .AppendLine("Folder = one random file of N MiB + N×10 files of 1–64 KiB; a full bundle is exported from a scanned index to a file, then")
            .AppendLine("imported into a fresh node (verification pass + pull from the bundle, fsync on). Peak heap = largest managed heap seen")
            .AppendLine("(sampled every 5 ms); peak RSS Δ = VmHWM during the step above VmRSS before it.")
            .AppendLine()
            .AppendLine("| Folder | Files | Step | Time | Bundle | Peak heap | Peak RSS Δ |")
            .AppendLine("|---|--:|---|--:|--:|--:|--:|");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        await File.WriteAllTextAsync(results, report.ToString(), cancellationToken).ConfigureAwait(false);
        Console.WriteLine(report);
        Console.WriteLine($"Written to {results}");
        return 0;
    }

    private static async Task<List<string>> MeasureAsync(string root, int mib, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var source = Path.Combine(root, "a-data");
        ScanDataset.WriteBigFile(source, mib);
        var small = ScanDataset.WriteSmallFiles(Path.Combine(source, "small"), mib * 10);
        var files = 1 + small.Files;
        using var a = DeviceIdentity.Generate(time, "syncthing");
        using var c = DeviceIdentity.Generate(time, "syncthing");
        using var storeA = new SqliteIndexStore(Path.Combine(root, "a.db"));
        using var storeC = new SqliteIndexStore(Path.Combine(root, "c.db"));
        var fsA = new BasicFileSystem(source);
        var target = Directory.CreateDirectory(Path.Combine(root, "c-data")).FullName;
        var fsC = new BasicFileSystem(target);
        await new FolderScanner(FolderId, fsA, a.Id.Short, storeA, null, new FolderScanOptions(), time).ScanAsync(null, null, cancellationToken).ConfigureAwait(false);
        await new FolderScanner(FolderId, fsC, c.Id.Short, storeC, null, new FolderScanOptions(), time).ScanAsync(null, null, cancellationToken).ConfigureAwait(false);
        var bundle = Path.Combine(root, "a-to-c.stbundle");
        var label = $"{mib:N0} MiB + {small.Bytes / (1024.0 * 1024):N0} MiB";
        var rows = new List<string>();

        var export = await MeasureStepAsync(() => BundleExporter.ExportToFileAsync(
            storeA, fsA, a, FolderId, c.Id, new BundleExportOptions { Full = true }, bundle, time, null, cancellationToken)).ConfigureAwait(false);
        var bundleBytes = new FileInfo(bundle).Length;
        rows.Add(Row(label, files, "export", export, bundleBytes));

        var trusted = new HashSet<DeviceId> { a.Id };
        var import = await MeasureStepAsync(() => BundleImporter.ImportFileAsync(
            storeC, c, trusted, bundle, f => f == FolderId ? new BundleImportFolder(fsC, new PullOptions()) : null, time, null, cancellationToken)).ConfigureAwait(false);
        var imported = import.Result.Folders.Single();
        if (imported.Pull.Errors.Count > 0 || imported.RecordsApplied < files)
        {
            throw new InvalidOperationException($"import incomplete: {imported.RecordsApplied} records applied, {imported.Pull.Errors.Count} errors");
        }

        rows.Add(Row(label, files, "import", import, bundleBytes));
        return rows;
    }

    private static string Row<T>(string label, long files, string step, Measured<T> m, long bundleBytes) =>
        Stats.Invariant($"| {label} | {files:N0} | {step} | {m.Seconds:0.00} s | {bundleBytes / (1024.0 * 1024):N0} MiB | {m.PeakHeap / (1024.0 * 1024):0.0} MiB | {m.PeakRssDelta / (1024.0 * 1024):0.0} MiB |");

    private sealed record Measured<T>(T Result, double Seconds, long PeakHeap, long PeakRssDelta);

    private static async Task<Measured<T>> MeasureStepAsync<T>(Func<Task<T>> step)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeakRss();
        var before = ReadStatus("VmRSS:");
        long peakHeap = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                try
                {
                    await Task.Delay(5, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
        var watch = Stopwatch.StartNew();
        var result = await step().ConfigureAwait(false);
        var seconds = watch.Elapsed.TotalSeconds;
        await stop.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        return new Measured<T>(result, seconds, peakHeap, Math.Max(0, ReadStatus("VmHWM:") - before));
    }

    /// <summary>Linux: writing 5 to clear_refs resets VmHWM to the current RSS.</summary>
    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux or not allowed: the peak then counts from process start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
