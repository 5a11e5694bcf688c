using BenchmarkDotNet.Running;
using Syncthing.Engine.Benchmarks;

// Usage:
//   dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks -- --quick   (smoke test: every benchmark once)
// Any other BenchmarkDotNet arguments (--filter, --list flat, ...) pass through unchanged.
var quick = args.Contains(BenchConfig.QuickSwitch, StringComparer.Ordinal);
var rest = args.Where(a => !string.Equals(a, BenchConfig.QuickSwitch, StringComparison.Ordinal)).ToArray();
if (quick && !rest.Contains("--filter", StringComparer.Ordinal))
{
    rest = [.. rest, "--filter", "*"];
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(rest, BenchConfig.Create(quick));
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
