using System.Diagnostics;
using System.Security.Cryptography;
using Syncthing.Engine.Benchmarks.Scan;
using Syncthing.Engine.Benchmarks.Shared;
using static Syncthing.Engine.Benchmarks.Shared.Stats;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// One dataset through one node pair: fresh homes for both, the sender's folder is the generated dataset, the
/// receiver's an empty directory, both configured paused with watchers off and connected before anything is timed.
/// Then (1) the sender's folder is unpaused and the clock runs until its status shows every file scanned;
/// (2) after a page-cache warm-up (2× the dataset written to a scratch file and deleted, untimed), the receiver's
/// folder is unpaused and the clock runs until it is in sync (need 0, counts equal, completion 100);
/// (3) for the big file only, 4 KiB at a random offset are overwritten on the sender, a scan is requested and the
/// clock runs until the receiver's file shows the new bytes (its SHA-256 is then checked against the sender's).
/// The sender's dataset is restored afterwards, so every session starts from the same bytes. A session's directory
/// with many files is deleted only when the run ends (<see cref="DeferredDeletion"/>).
/// </summary>
internal sealed class DatasetScenario(string work, TimeSpan stepTimeout, DeferredDeletion deletion)
{
    private const int EditSize = 4096;

    public async Task<List<Sample>> RunAsync(
        int run, ScanDataset dataset, NodePair pair, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, $"run{run}-{dataset.Id}-{pair.Name}")).FullName;
        var samples = new List<Sample>();
        void Add(string metric, string implementation, double value) => samples.Add(new Sample(run, metric, dataset.Id, pair.Name, implementation, value));
        (long Offset, byte[] Original)? edit = null;
        try
        {
            var receiverData = NodeConfig.CreateFolderDirectory(Path.Combine(dir, "received"));
            var setups = await Task.WhenAll(
                pair.Sender.GenerateAsync(Path.Combine(dir, "sender"), cancellationToken),
                pair.Receiver.GenerateAsync(Path.Combine(dir, "receiver"), cancellationToken)).ConfigureAwait(false);
            var (s, r) = (setups[0], setups[1]);
            await NodeConfig.WriteAsync(s, r, [NodeConfig.Folder(dataset.Id, dataset.Path, paused: true, watcher: false)], cancellationToken).ConfigureAwait(false);
            await NodeConfig.WriteAsync(r, s, [NodeConfig.Folder(dataset.Id, receiverData, paused: true, watcher: false)], cancellationToken).ConfigureAwait(false);

            await using var sender = await BenchNode.StartAsync(s, cancellationToken).ConfigureAwait(false);
            await using var receiver = await BenchNode.StartAsync(r, cancellationToken).ConfigureAwait(false);
            await sender.WaitConnectedAsync(r.Id, stepTimeout, cancellationToken).ConfigureAwait(false);
            await receiver.WaitConnectedAsync(s.Id, stepTimeout, cancellationToken).ConfigureAwait(false);

            // (1) Initial scan on the sender.
            var before = sender.Usage();
            var cursor = await sender.EventCursorAsync(cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await sender.UnpauseAsync(dataset.Id, cancellationToken).ConfigureAwait(false);
            var scan = await sender.WaitFolderAsync(
                dataset.Id, cursor, st => NodeWaits.Scanned(st, dataset.Files, dataset.Directories), complete: false, clock, stepTimeout, cancellationToken).ConfigureAwait(false);
            var scanned = sender.Usage();
            Add(Metrics.ScanS, pair.Sender.Name, scan.TotalSeconds);
            Add(Metrics.ScanCpuS, pair.Sender.Name, scanned.CpuSeconds - before.CpuSeconds);
            Add(Metrics.ScanPeakRssMiB, pair.Sender.Name, scanned.PeakRssBytes / 1048576.0);
            if (dataset.Id == "tiny")
            {
                // The baseline is this process's own resident set just before the scan (started, connected, folder
                // paused): a baseline from another process (the idle node) differs by more than 2,000 tiny files take.
                Add(Metrics.RssPerFileB, pair.Sender.Name, (double)(scanned.PeakRssBytes - before.RssBytes) / dataset.Files);
            }

            // (2) A fresh receiver catches up. Not timed: page-cache memory for what the receiver writes (the dataset and
            // the edit's rewrite) is made resident first, so neither implementation pays the host's first-touch cost.
            MachineFacts.WarmPageCache(dir, 2 * dataset.Bytes);
            var receiverBefore = receiver.Usage();
            var senderBefore = sender.Usage();
            cursor = await receiver.EventCursorAsync(cancellationToken).ConfigureAwait(false);
            clock.Restart();
            await receiver.UnpauseAsync(dataset.Id, cancellationToken).ConfigureAwait(false);
            var sync = await receiver.WaitFolderAsync(
                dataset.Id, cursor, st => NodeWaits.InSync(st, dataset.Files, dataset.Directories), complete: true, clock, stepTimeout, cancellationToken).ConfigureAwait(false);
            var (receiverAfter, senderAfter) = (receiver.Usage(), sender.Usage());
            Add(Metrics.SyncS, pair.Name, sync.TotalSeconds);
            Add(Metrics.SyncReceiverCpuS, pair.Receiver.Name, receiverAfter.CpuSeconds - receiverBefore.CpuSeconds);
            Add(Metrics.SyncSenderCpuS, pair.Sender.Name, senderAfter.CpuSeconds - senderBefore.CpuSeconds);
            Add(Metrics.SyncReceiverPeakRssMiB, pair.Receiver.Name, receiverAfter.PeakRssBytes / 1048576.0);
            Add(Metrics.SyncSenderPeakRssMiB, pair.Sender.Name, senderAfter.PeakRssBytes / 1048576.0);
            Console.WriteLine(Invariant($"  run {run}, {dataset.Id}, {pair.Name}: scan {scan.TotalSeconds:F3} s, sync {sync.TotalSeconds:F3} s"));

            // (3) A 4 KiB edit inside the big file.
            if (dataset.Id == "big")
            {
                var file = Path.Combine(dataset.Path, "big.bin");
                var rng = new Random(1000 + run);
                var offset = rng.NextInt64(0, dataset.Bytes - EditSize);
                var replacement = new byte[EditSize];
                rng.NextBytes(replacement);
                edit = (offset, await ReadAtAsync(file, offset, cancellationToken).ConfigureAwait(false));
                var seconds = await EditAsync(sender, receiver, dataset, Path.Combine(receiverData, "big.bin"), offset, replacement, cancellationToken).ConfigureAwait(false);
                Add(Metrics.EditS, pair.Name, seconds);
                Console.WriteLine(Invariant($"  run {run}, big, {pair.Name}: 4 KiB edit at {offset:N0} in {seconds:F3} s"));
            }

            await receiver.StopAsync(cancellationToken).ConfigureAwait(false);
            await sender.StopAsync(cancellationToken).ConfigureAwait(false);
            return samples;
        }
        finally
        {
            if (edit is { } e)
            {
                await WriteAtAsync(Path.Combine(dataset.Path, "big.bin"), e.Offset, e.Original, CancellationToken.None).ConfigureAwait(false);
            }

            deletion.Delete(dir);
        }
    }

    private async Task<double> EditAsync(
        BenchNode sender, BenchNode receiver, ScanDataset dataset, string receiverFile, long offset, byte[] replacement, CancellationToken cancellationToken)
    {
        var senderFile = Path.Combine(dataset.Path, "big.bin");
        var receiverCursor = await receiver.EventCursorAsync(cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await WriteAtAsync(senderFile, offset, replacement, cancellationToken).ConfigureAwait(false);
        await sender.ScanAsync(dataset.Id, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (await TryReadAtAsync(receiverFile, offset, cancellationToken).ConfigureAwait(false) is { } seen && seen.AsSpan().SequenceEqual(replacement))
            {
                break;
            }

            if (clock.Elapsed > stepTimeout)
            {
                throw new TimeoutException($"the edit did not reach {receiver.Describe()} within {stepTimeout}:\n{receiver.Tail}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }

        var seconds = clock.Elapsed.TotalSeconds;

        // Not timed: the receiver settles and holds exactly the sender's bytes.
        await receiver.WaitFolderAsync(
            dataset.Id, receiverCursor, st => NodeWaits.InSync(st, dataset.Files, dataset.Directories), complete: true, Stopwatch.StartNew(), stepTimeout, cancellationToken)
            .ConfigureAwait(false);
        var (expected, actual) = (await HashAsync(senderFile, cancellationToken).ConfigureAwait(false), await HashAsync(receiverFile, cancellationToken).ConfigureAwait(false));
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            throw new InvalidOperationException($"after the edit, {receiver.Describe()}'s big.bin differs from the sender's.");
        }

        return seconds;
    }

    private static async Task<byte[]> HashAsync(string path, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, FileOptions.SequentialScan);
        return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadAtAsync(string path, long offset, CancellationToken cancellationToken) =>
        await TryReadAtAsync(path, offset, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"cannot read {EditSize} bytes at {offset} of {path}");

    /// <summary>The 4 KiB at <paramref name="offset"/>, or null while the file is missing, short or being replaced.</summary>
    private static async Task<byte[]?> TryReadAtAsync(string path, long offset, CancellationToken cancellationToken)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[EditSize];
            var read = await RandomAccess.ReadAsync(handle, buffer, offset, cancellationToken).ConfigureAwait(false);
            return read == EditSize ? buffer : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task WriteAtAsync(string path, long offset, byte[] bytes, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        await RandomAccess.WriteAsync(handle, bytes, offset, cancellationToken).ConfigureAwait(false);
    }
}
