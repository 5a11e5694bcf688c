using BenchmarkDotNet.Running;
using Syncthing.Engine.Benchmarks;
using Syncthing.Engine.Benchmarks.Scan;
using Syncthing.Engine.Benchmarks.SideBySide;

// Usage:
//   dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks -- --quick   (smoke test: every benchmark once)
//   dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks -- scan-vs-syncthing [--runs 3] [--small 10000]
//       [--big-mib 1024] [--dir PATH] [--results PATH] [--syncthing PATH]
//       (our scanner beside real Syncthing on generated data; writes benchmarks/RESULTS-scan.md)
//   dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks -- side-by-side [--runs 3] [--datasets big,small,tiny]
//       [--big-mib 1024] [--small-count 10000] [--tiny-count 100000] [--pairs ours-ours,real-real,ours-real,real-ours]
//       [--changes 5] [--step-timeout-min 10] [--dir PATH] [--results PATH] [--syncthing PATH] [--syncthingd PATH]
//       (our daemon beside real Syncthing, both as processes driven over REST; writes benchmarks/RESULTS-side-by-side.md)
//   dotnet run -c Release --project benchmarks/Syncthing.Engine.Benchmarks -- bundle-memory [--sizes 128,512,2048] [--results PATH]
//       (bundle export/import memory against folder size; writes benchmarks/RESULTS-bundle-memory.md)
// Any other BenchmarkDotNet arguments (--filter, --list flat, ...) pass through unchanged.
if (args.Length > 0 && string.Equals(args[0], ScanBenchOptions.Command, StringComparison.Ordinal))
{
    return await ScanVsSyncthing.RunAsync(args[1..], CancellationToken.None);
}

if (args.Length > 0 && string.Equals(args[0], Syncthing.Engine.Benchmarks.Bundles.BundleMemory.Command, StringComparison.Ordinal))
{
    return await Syncthing.Engine.Benchmarks.Bundles.BundleMemory.RunAsync(args[1..], CancellationToken.None);
}

if (args.Length > 0 && string.Equals(args[0], SideBySideOptions.Command, StringComparison.Ordinal))
{
    return await SideBySideRunner.RunAsync(args[1..], CancellationToken.None);
}

var quick = args.Contains(BenchConfig.QuickSwitch, StringComparer.Ordinal);
var rest = args.Where(a => !string.Equals(a, BenchConfig.QuickSwitch, StringComparison.Ordinal)).ToArray();
if (quick && !rest.Contains("--filter", StringComparer.Ordinal))
{
    rest = [.. rest, "--filter", "*"];
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(rest, BenchConfig.Create(quick));
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
