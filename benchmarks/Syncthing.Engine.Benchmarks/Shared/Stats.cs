using System.Globalization;

namespace Syncthing.Engine.Benchmarks.Shared;

/// <summary>Small numeric and formatting helpers shared by the benchmark modes.</summary>
internal static class Stats
{
    /// <summary>The median (mean of the two middle values for an even count); NaN for no values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
