using System.Globalization;
using System.Text;
using Syncthing.Engine.Benchmarks.Scan;
using Syncthing.Engine.Benchmarks.Shared;
using static Syncthing.Engine.Benchmarks.Shared.Stats;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>The samples of a side-by-side run and their Markdown: targets, per-dataset medians, latency, idle, raw numbers.</summary>
internal sealed class SideBySideReport(SideBySideOptions options)
{
    private const string OursPair = "ours-ours";
    private const string RealPair = "real-real";

    public List<Sample> Samples { get; } = [];

    public IReadOnlyList<ScanDataset> Datasets { get; set; } = [];

    public MachineFacts? Machine { get; set; }

    public double DiskWriteMBps { get; set; }

    public DateTimeOffset Started { get; init; }

    public DateTimeOffset Finished { get; set; }

    /// <summary>Session directories with many files kept until the end instead of being deleted (DeferredDeletion).</summary>
    public int DeferredSessions { get; set; }

    public string LoadBefore { get; init; } = "";

    public string LoadAfter { get; set; } = "";

    public string OursVersion { get; init; } = "";

    public string RealVersion { get; init; } = "";

    /// <summary>Why the run stopped early, or null when it completed.</summary>
    public string? Failure { get; set; }

    /// <summary>The median of one metric, filtered by dataset, pair and implementation (null = any).</summary>
    public double Median(string metric, string? dataset = null, string? pair = null, string? implementation = null) =>
        Stats.Median(Samples
            .Where(s => s.Metric == metric && (dataset is null || s.Dataset == dataset) && (pair is null || s.Pair == pair)
                && (implementation is null || s.Implementation == implementation))
            .Select(s => s.Value));

    /// <summary>The target table: ours, Syncthing, the ratio ours ÷ Syncthing (of throughput where it says so), target, met.</summary>
    public string Targets()
    {
        var text = new StringBuilder();
        text.AppendLine("| Metric | Ours | Syncthing | Ours ÷ Syncthing | Target | Met? |");
        text.AppendLine("|---|--:|--:|--:|--:|:-:|");
        foreach (var d in Datasets)
        {
            var (ours, real) = (Median(Metrics.ScanS, d.Id, implementation: Implementation.Ours), Median(Metrics.ScanS, d.Id, implementation: Implementation.Real));
            double? target = d.Id switch { "big" => 1.5, "tiny" => 1.5, _ => null };
            Row(text, $"Initial scan, {d.Name} (throughput)", Throughput(d, ours), Throughput(d, real), real / ours, target, higherIsBetter: true);
        }

        foreach (var d in Datasets)
        {
            var (ours, real) = (Median(Metrics.SyncS, d.Id, OursPair), Median(Metrics.SyncS, d.Id, RealPair));
            double? target = d.Id switch { "big" => 1.3, "small" => 2, "tiny" => 3, _ => null };
            Row(text, $"Sync to a fresh node, {d.Name} (same-implementation pairs, throughput)", Throughput(d, ours), Throughput(d, real), real / ours, target, higherIsBetter: true);
        }

        if (Datasets.Any(d => d.Id == "tiny"))
        {
            var (ours, real) = (Median(Metrics.RssPerFileB, "tiny", implementation: Implementation.Ours), Median(Metrics.RssPerFileB, "tiny", implementation: Implementation.Real));
            Row(text, "Peak RSS per indexed file (tiny-file scan, above the pre-scan RSS)", Invariant($"{ours:N0} B"), Invariant($"{real:N0} B"), ours / real, 0.5, higherIsBetter: false);
        }

        {
            var (ours, real) = (Median(Metrics.IdleRssMiB, implementation: Implementation.Ours), Median(Metrics.IdleRssMiB, implementation: Implementation.Real));
            Row(text, $"Idle RSS ({IdleScenario.IdleTime.TotalSeconds:F0} s after start, no folders)", Invariant($"{ours:F1} MiB"), Invariant($"{real:F1} MiB"), ours / real, 1, higherIsBetter: false);
        }

        {
            var (ours, real) = (Median(Metrics.LatencyMs, pair: OursPair), Median(Metrics.LatencyMs, pair: RealPair));
            var met = double.IsNaN(ours) || double.IsNaN(real) ? "n/a" : ours <= real + 50 ? "yes" : "no";
            text.AppendLine(Invariant($"| Change latency (fsWatcherDelayS=1, same-implementation pairs) | {ours:F0} ms | {real:F0} ms | {ours / real:F2} | ≤ Syncthing + 50 ms | {met} |"));
        }

        if (Datasets.Any(d => d.Id == "big"))
        {
            var (ours, real) = (Median(Metrics.EditS, "big", OursPair), Median(Metrics.EditS, "big", RealPair));
            Row(text, "4 KiB edit inside the big file, until the receiver has it (time)", Invariant($"{ours:F3} s"), Invariant($"{real:F3} s"), ours / real, 0.5, higherIsBetter: false);
        }

        return text.ToString();
    }

    public string Markdown()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Side by side: our daemon and real Syncthing 1.19");
        text.AppendLine();
        text.AppendLine(c, $"Run {Started:yyyy-MM-dd HH:mm}–{Finished:HH:mm} UTC with");
        var commandLine = string.Join(' ', new[] { "dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks --", SideBySideOptions.Command }.Concat(options.Arguments));
        text.AppendLine(c, $"`{commandLine}`");
        text.AppendLine("(this file is rewritten by every run; see benchmarks/README.md for what each number means).");
        text.AppendLine();
        if (Failure is not null)
        {
            text.AppendLine("**This run failed before the end; the figures below are what was measured until then.**");
            text.AppendLine();
            text.AppendLine("```");
            text.AppendLine(Failure);
            text.AppendLine("```");
            text.AppendLine();
        }

        if (Machine is { } m)
        {
            text.AppendLine(c, $"**Machine.** {m.Cores} logical cores, {m.Cpu}; {m.Memory} RAM; {m.Os}; {m.Runtime}. Load average before / after: {LoadBefore} / {LoadAfter}.");
            text.AppendLine(c, $"Limits measured in this run: SHA-256 on one core {m.Sha256MBps:N0} MB/s; sequential write of {options.BigMiB:N0} MiB with fsync {DiskWriteMBps:N0} MB/s.");
        }

        text.AppendLine(c, $"Ours: `{OursVersion}`. Syncthing: `{RealVersion}`.");
        text.AppendLine();
        text.AppendLine(c, $"**Data** (fixed seeds): {string.Join("; ", Datasets.Select(d => Invariant($"{d.Id} = {d.Files:N0} files in {d.Directories:N0} directories, {d.Bytes:N0} bytes")))}.");
        text.AppendLine(c, $"{options.Runs} runs; pairs {string.Join(", ", options.Pairs)} (sender-receiver; pair order reversed on even runs); every figure is a median over runs (scan figures over every session whose sender is that implementation).");
        text.AppendLine(c, $"The harness deleted no session directory of 1,000 files or more while measuring ({DeferredSessions} kept until the end, DeferredDeletion.cs): ext4 without a journal avoids reusing inodes deleted in the last minutes, and a sync right after such a deletion steps over them.");
        text.AppendLine("Throughput ratios are Syncthing's time ÷ ours (above 1 = we are faster); memory and time ratios are ours ÷ Syncthing (below 1 = we use less).");
        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        text.Append(Targets());
        foreach (var d in Datasets)
        {
            text.AppendLine();
            text.AppendLine(c, $"## {d.Name}: every pair (medians)");
            text.AppendLine();
            text.AppendLine("| Pair | Sender scan s | Sync s | Sync MB/s | Sync files/s | Scan CPU s | Scan peak RSS MiB | Receiver CPU s | Receiver peak RSS MiB | Sender CPU s (sync) | Sender peak RSS MiB | 4 KiB edit s |");
            text.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var p in options.Pairs)
            {
                var sync = Median(Metrics.SyncS, d.Id, p);
                var edit = Median(Metrics.EditS, d.Id, p);
                text.AppendLine(Invariant(
                    $"| {p} | {Median(Metrics.ScanS, d.Id, p):F3} | {sync:F3} | {d.Bytes / 1e6 / sync:N1} | {d.Files / sync:N0} | {Median(Metrics.ScanCpuS, d.Id, p):F2} | {Median(Metrics.ScanPeakRssMiB, d.Id, p):F1} | {Median(Metrics.SyncReceiverCpuS, d.Id, p):F2} | {Median(Metrics.SyncReceiverPeakRssMiB, d.Id, p):F1} | {Median(Metrics.SyncSenderCpuS, d.Id, p):F2} | {Median(Metrics.SyncSenderPeakRssMiB, d.Id, p):F1} | {(double.IsNaN(edit) ? "–" : edit.ToString("F3", c))} |"));
            }
        }

        text.AppendLine();
        text.AppendLine("## Change latency and idle footprint (medians)");
        text.AppendLine();
        text.AppendLine("| Pair | Latency ms | Fastest ms | Slowest ms |");
        text.AppendLine("|---|--:|--:|--:|");
        foreach (var p in options.Pairs)
        {
            var values = Samples.Where(s => s.Metric == Metrics.LatencyMs && s.Pair == p).Select(s => s.Value).ToList();
            text.AppendLine(Invariant($"| {p} | {Stats.Median(values):F0} | {(values.Count > 0 ? values.Min() : double.NaN):F0} | {(values.Count > 0 ? values.Max() : double.NaN):F0} |"));
        }

        text.AppendLine();
        text.AppendLine("| Implementation | Idle RSS MiB | CPU s for start-up and idling |");
        text.AppendLine("|---|--:|--:|");
        foreach (var i in new[] { Implementation.Ours, Implementation.Real })
        {
            text.AppendLine(Invariant($"| {i} | {Median(Metrics.IdleRssMiB, implementation: i):F1} | {Median(Metrics.IdleCpuS, implementation: i):F2} |"));
        }

        text.AppendLine();
        text.AppendLine("## Every number");
        text.AppendLine();
        text.AppendLine("| Run | Metric | Dataset | Pair | Process | Value |");
        text.AppendLine("|--:|---|---|---|---|--:|");
        foreach (var s in Samples)
        {
            text.AppendLine(Invariant($"| {s.Run} | {s.Metric} | {s.Dataset} | {s.Pair} | {s.Implementation} | {s.Value:F3} |"));
        }

        return text.ToString();
    }

    private static string Throughput(ScanDataset d, double seconds) =>
        d.Files > 1 ? Invariant($"{seconds:F2} s ({d.Files / seconds:N0} files/s)") : Invariant($"{seconds:F2} s ({d.Bytes / 1e6 / seconds:N0} MB/s)");

    private static void Row(StringBuilder text, string metric, string ours, string real, double ratio, double? target, bool higherIsBetter)
    {
        var targetText = target is { } t ? Invariant($"{(higherIsBetter ? "≥" : "≤")} {t:0.##}") : "–";
        var met = target is not { } goal || double.IsNaN(ratio) ? "n/a" : (higherIsBetter ? ratio >= goal : ratio <= goal) ? "yes" : "no";
        text.AppendLine(Invariant($"| {metric} | {ours} | {real} | {ratio:F2} | {targetText} | {met} |"));
    }
}
