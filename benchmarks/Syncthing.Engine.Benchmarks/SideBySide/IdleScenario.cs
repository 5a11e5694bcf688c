using Syncthing.Engine.Benchmarks.Shared;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// Idle footprint: one fresh node of each implementation, no folders and no peers, started together; after
/// <see cref="IdleTime"/> the resident set (VmRSS) and the CPU seconds used since start are read.
/// </summary>
internal sealed class IdleScenario(string work)
{
    public static readonly TimeSpan IdleTime = TimeSpan.FromSeconds(10);

    public async Task<List<Sample>> RunAsync(int run, IReadOnlyList<Implementation> implementations, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, $"run{run}-idle")).FullName;
        var nodes = new List<BenchNode>();
        try
        {
            foreach (var implementation in implementations)
            {
                var setup = await implementation.GenerateAsync(Path.Combine(dir, implementation.Name), cancellationToken).ConfigureAwait(false);
                await NodeConfig.WriteAsync(setup, null, [], cancellationToken).ConfigureAwait(false);
                nodes.Add(await BenchNode.StartAsync(setup, cancellationToken).ConfigureAwait(false));
            }

            await Task.Delay(IdleTime, cancellationToken).ConfigureAwait(false);
            var samples = new List<Sample>();
            foreach (var node in nodes)
            {
                var usage = node.Usage();
                samples.Add(new Sample(run, Metrics.IdleRssMiB, "-", "", node.Implementation.Name, usage.RssBytes / 1048576.0));
                samples.Add(new Sample(run, Metrics.IdleCpuS, "-", "", node.Implementation.Name, usage.CpuSeconds));
                Console.WriteLine(Stats.Invariant($"  run {run}, idle, {node.Implementation.Name}: RSS {usage.RssBytes / 1048576.0:F1} MiB, CPU {usage.CpuSeconds:F2} s"));
            }

            foreach (var node in nodes)
            {
                await node.StopAsync(cancellationToken).ConfigureAwait(false);
            }

            return samples;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }

            Directory.Delete(dir, recursive: true);
        }
    }
}
