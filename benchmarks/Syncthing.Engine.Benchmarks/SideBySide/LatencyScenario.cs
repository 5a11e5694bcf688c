using System.Diagnostics;
using System.Text.Json.Nodes;
using Syncthing.Engine.Benchmarks.Shared;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// Change-propagation latency of one node pair: an empty folder shared between fresh nodes, watchers on with
/// <c>fsWatcherDelayS</c> 1 on both sides. Once both are connected and idle (plus a settling pause so that the
/// watchers run), one small file is written on the sender and the clock runs until the receiver's copy exists with
/// the same content (file system polled every 10 ms). One warm-up change, then <c>changes</c> measured ones.
/// </summary>
internal sealed class LatencyScenario(string work, TimeSpan stepTimeout, int changes)
{
    private const string FolderId = "watch";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromMinutes(1);

    public async Task<List<Sample>> RunAsync(int run, NodePair pair, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, $"run{run}-latency-{pair.Name}")).FullName;
        var samples = new List<Sample>();
        try
        {
            var senderData = NodeConfig.CreateFolderDirectory(Path.Combine(dir, "sent"));
            var receiverData = NodeConfig.CreateFolderDirectory(Path.Combine(dir, "received"));
            var setups = await Task.WhenAll(
                pair.Sender.GenerateAsync(Path.Combine(dir, "sender"), cancellationToken),
                pair.Receiver.GenerateAsync(Path.Combine(dir, "receiver"), cancellationToken)).ConfigureAwait(false);
            var (s, r) = (setups[0], setups[1]);
            await NodeConfig.WriteAsync(s, r, [NodeConfig.Folder(FolderId, senderData, paused: false, watcher: true)], cancellationToken).ConfigureAwait(false);
            await NodeConfig.WriteAsync(r, s, [NodeConfig.Folder(FolderId, receiverData, paused: false, watcher: true)], cancellationToken).ConfigureAwait(false);

            await using var sender = await BenchNode.StartAsync(s, cancellationToken).ConfigureAwait(false);
            await using var receiver = await BenchNode.StartAsync(r, cancellationToken).ConfigureAwait(false);
            await sender.WaitConnectedAsync(r.Id, stepTimeout, cancellationToken).ConfigureAwait(false);
            await receiver.WaitConnectedAsync(s.Id, stepTimeout, cancellationToken).ConfigureAwait(false);
            foreach (var node in new[] { sender, receiver })
            {
                await node.WaitFolderAsync(FolderId, 0, Idle, complete: false, Stopwatch.StartNew(), stepTimeout, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
            var rng = new Random(2000 + run);
            var latencies = new List<double>();
            for (var i = 0; i <= changes; i++)
            {
                var content = new byte[100];
                rng.NextBytes(content);
                var name = $"change-{i:D2}.bin";
                var ms = await PropagateAsync(Path.Combine(senderData, name), Path.Combine(receiverData, name), content, receiver, cancellationToken).ConfigureAwait(false);
                if (i > 0)
                {
                    latencies.Add(ms);
                    samples.Add(new Sample(run, Metrics.LatencyMs, "-", pair.Name, pair.Name, ms));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine(Stats.Invariant($"  run {run}, latency, {pair.Name}: median {Stats.Median(latencies):F0} ms ({string.Join(", ", latencies.Select(l => l.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))})"));
            await receiver.StopAsync(cancellationToken).ConfigureAwait(false);
            await sender.StopAsync(cancellationToken).ConfigureAwait(false);
            return samples;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static bool Idle(JsonNode status) => (string?)status["state"] == "idle";

    private static async Task<double> PropagateAsync(string source, string target, byte[] content, BenchNode receiver, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await File.WriteAllBytesAsync(source, content, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            try
            {
                if (File.Exists(target) && (await File.ReadAllBytesAsync(target, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(content))
                {
                    return clock.Elapsed.TotalMilliseconds;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Being replaced right now.
            }

            if (clock.Elapsed > ChangeTimeout || receiver.HasExited)
            {
                throw new TimeoutException($"{Path.GetFileName(source)} did not reach {receiver.Describe()} within {ChangeTimeout}:\n{receiver.Tail}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }
    }
}
