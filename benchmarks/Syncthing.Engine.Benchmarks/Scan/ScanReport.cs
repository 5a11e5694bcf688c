using System.Globalization;
using System.Text;
using Syncthing.Engine.Benchmarks.Shared;

namespace Syncthing.Engine.Benchmarks.Scan;

/// <summary>Turns the measurements into the Markdown of RESULTS-scan.md (medians per side and dataset, then every run).</summary>
internal static class ScanReport
{
    public static string Table(IReadOnlyList<ScanDataset> datasets, IReadOnlyList<ScanMeasurement> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("| Dataset | Ours: median s | Ours: files/s | Ours: MB/s | Syncthing: median s | Syncthing: files/s | Syncthing: MB/s | Ours ÷ Syncthing (throughput) |");
        text.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var d in datasets)
        {
            var ours = Median(runs, "ours", d);
            var real = Median(runs, "syncthing", d);
            text.AppendLine(Invariant(
                $"| {d.Name} | {ours:F3} | {d.Files / ours:N0} | {d.Bytes / 1e6 / ours:N1} | {real:F3} | {d.Files / real:N0} | {d.Bytes / 1e6 / real:N1} | {real / ours:F2} |"));
        }

        return text.ToString();
    }

    public static string Runs(IReadOnlyList<ScanMeasurement> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("| Dataset | Run | Side | Scan s | Wall s (unpause → idle seen) |");
        text.AppendLine("|---|--:|---|--:|--:|");
        foreach (var r in runs)
        {
            var wall = r.WallSeconds > 0 ? r.WallSeconds.ToString("F3", CultureInfo.InvariantCulture) : "–";
            text.AppendLine(Invariant($"| {r.Dataset} | {r.Run} | {r.Side} | {r.Seconds:F3} | {wall} |"));
        }

        return text.ToString();
    }

    public static double Median(IReadOnlyList<ScanMeasurement> runs, string side, ScanDataset dataset)
    {
        return Stats.Median(runs.Where(r => r.Side == side && r.Dataset == dataset.Name).Select(r => r.Seconds));
    }

    public static string Invariant(FormattableString value) => Stats.Invariant(value);
}
