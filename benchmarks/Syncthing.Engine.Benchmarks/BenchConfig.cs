using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Syncthing.Engine.Benchmarks;

/// <summary>
/// The one configuration every benchmark runs under. Benchmarks run in-process (no generated child project): the
/// machine is shared and small, so avoiding a second build per benchmark matters more than process isolation.
/// </summary>
public static class BenchConfig
{
    /// <summary>Command-line switch that selects the smoke-test job.</summary>
    public const string QuickSwitch = "--quick";

    public static IConfig Create(bool quick)
    {
        var job = quick
            // One cold invocation of each benchmark: proves it runs, measures nothing.
            ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick")
            // Enough for indicative numbers on a shared 2-core machine without taking all afternoon.
            : Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
                .WithId("Micro");

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
            .AddExporter(DefaultConfig.Instance.GetExporters().ToArray())
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.Median)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOption(ConfigOptions.DisableLogFile, false)
            .WithSummaryStyle(SummaryStyleFor());
    }

    private static BenchmarkDotNet.Reports.SummaryStyle SummaryStyleFor() =>
        BenchmarkDotNet.Reports.SummaryStyle.Default.WithMaxParameterColumnWidth(24);
}
