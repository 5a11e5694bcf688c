using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Syncthing.Engine.Puller;
using Syncthing.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Syncthing.Interop.Tests.Sync;

/// <summary>
/// Issue 4's interop acceptance with real Syncthing 1.19.2, watchers on (fsWatcherDelayS=1) and no explicit scans:
/// a tree of more than 1,000 items with a 200 MB file syncs real→ours (folder "r2o", written in real's folder) and
/// ours→real (folder "o2r", written in ours) with identical content, nanosecond mtimes, permissions and symlink
/// targets; then edits, appends, truncations, deletions of files and directories, and a rename of the 200 MB file
/// propagate, the rename copying the data locally instead of downloading it again.
/// </summary>
public sealed class TwoWaySyncInteropTests(ITestOutputHelper output)
{
    private const string RealToOurs = "r2o";
    private const string OursToReal = "o2r";
    private const long OnePercent = SyncTree.BigSize / 100;

    [SyncthingFact]
    public async Task TreeSyncsBothWaysThenChangesAndRenamePropagateWithTheWatcher()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var ct = timeout.Token;
        await using var pair = await SyncPair.StartAsync([RealToOurs, OursToReal], watchers: true, ct);
        var downloaded = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        pair.Node.FolderPulled += (folder, result) => downloaded.AddOrUpdate(folder, result.BytesDownloaded, (_, v) => v + result.BytesDownloaded);

        // 1. The tree, both directions at once.
        var clock = Stopwatch.StartNew();
        var items = SyncTree.Write(pair.RealPath(RealToOurs), seed: 1);
        Assert.True(SyncTree.Write(pair.OurPath(OursToReal), seed: 2) >= 1000);
        Assert.True(items >= 1000);
        output.WriteLine($"wrote two trees of {items} items in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        await Task.WhenAll(
            WaitIdenticalAsync(pair.RealPath(RealToOurs), pair.OurPath(RealToOurs), "real→ours tree", ct),
            WaitIdenticalAsync(pair.OurPath(OursToReal), pair.RealPath(OursToReal), "ours→real tree", ct));
        output.WriteLine($"initial sync, both directions: {clock.Elapsed.TotalSeconds:F1} s");
        var theirs = await TreeSnapshot.TakeAsync(pair.OurPath(RealToOurs));
        Assert.Equal("444", theirs.Entries["read-only.txt"].Mode);
        Assert.Equal("755", theirs.Entries["run.sh"].Mode);
        Assert.Equal("d00/sub", theirs.Entries["link-to-d00"].Link);
        Assert.Equal(SyncTree.BigSize, theirs.Entries[SyncTree.BigName].Size);
        Assert.Contains(theirs.Entries.Values, e => e.Type == 'f' && !e.MTime.EndsWith(".0000000000", StringComparison.Ordinal)); // nanoseconds compared
        Assert.Contains("Ünïcødé/日本語/émoji-🎉.txt", theirs.Entries.Keys);
        Assert.Empty(pair.Node.GetRunner(RealToOurs)!.PullErrors);

        // 2. Changes, watchers only.
        clock.Restart();
        Change(pair.RealPath(RealToOurs));
        Change(pair.OurPath(OursToReal));
        await Task.WhenAll(
            WaitIdenticalAsync(pair.RealPath(RealToOurs), pair.OurPath(RealToOurs), "real→ours changes", ct),
            WaitIdenticalAsync(pair.OurPath(OursToReal), pair.RealPath(OursToReal), "ours→real changes", ct));
        output.WriteLine($"edits, appends, truncations, deletions, both directions: {clock.Elapsed.TotalSeconds:F1} s");
        var changed = await TreeSnapshot.TakeAsync(pair.OurPath(RealToOurs));
        Assert.False(changed.Entries.ContainsKey("d05"));
        Assert.False(changed.Entries.ContainsKey("d01/f002.txt"));

        // Rename of the 200 MB file, real→ours: we must copy, not download.
        await SettleAsync(pair, ct);
        var ourInBefore = pair.OurConnection()!.InBytesTotal;
        downloaded.Clear();
        clock.Restart();
        File.Move(Path.Combine(pair.RealPath(RealToOurs), SyncTree.BigName), Path.Combine(pair.RealPath(RealToOurs), "renamed-big.bin"));
        await WaitIdenticalAsync(pair.RealPath(RealToOurs), pair.OurPath(RealToOurs), "real→ours rename", ct);
        await SettleAsync(pair, ct);
        var ourIn = pair.OurConnection()!.InBytesTotal - ourInBefore;
        var ourPulled = downloaded.GetValueOrDefault(RealToOurs);
        output.WriteLine($"rename real→ours: {clock.Elapsed.TotalSeconds:F1} s; our connection received {ourIn:N0} bytes, our puller downloaded {ourPulled:N0} bytes");
        Assert.True(ourPulled < OnePercent, $"our puller downloaded {ourPulled} bytes for a rename");
        Assert.True(ourIn < OnePercent, $"our connection received {ourIn} bytes during a rename");

        // Rename of the 200 MB file, ours→real: what real Syncthing downloads.
        var realInBefore = (long)(await pair.RealConnectionAsync(ct))!["inBytesTotal"]!;
        var ourOutBefore = pair.OurConnection()!.OutBytesTotal;
        clock.Restart();
        File.Move(Path.Combine(pair.OurPath(OursToReal), SyncTree.BigName), Path.Combine(pair.OurPath(OursToReal), "renamed-big.bin"));
        await WaitIdenticalAsync(pair.OurPath(OursToReal), pair.RealPath(OursToReal), "ours→real rename", ct);
        await SettleAsync(pair, ct);
        var realIn = (long)(await pair.RealConnectionAsync(ct))!["inBytesTotal"]! - realInBefore;
        var ourOut = pair.OurConnection()!.OutBytesTotal - ourOutBefore;
        output.WriteLine($"rename ours→real: {clock.Elapsed.TotalSeconds:F1} s; real Syncthing received {realIn:N0} bytes (we sent {ourOut:N0})");
        Assert.True(ourOut < OnePercent, $"we sent {ourOut} bytes for a rename");
        Assert.Empty(pair.Node.GetRunner(RealToOurs)!.PullErrors);
        Assert.Empty(pair.Node.GetRunner(OursToReal)!.PullErrors);
    }

    /// <summary>An in-place edit, an append, a truncation, deletions of a file, of an empty file and of a directory tree, a new file.</summary>
    private static void Change(string root)
    {
        using (var edit = new FileStream(Path.Combine(root, "d00", "f002.txt"), FileMode.Open, FileAccess.Write))
        {
            edit.Write("edited in place"u8);
        }

        File.AppendAllText(Path.Combine(root, "d02", "sub", "f001.txt"), "appended");
        using (var truncate = new FileStream(Path.Combine(root, "d03", "f004.txt"), FileMode.Open, FileAccess.Write))
        {
            truncate.SetLength(truncate.Length / 2);
        }

        File.Delete(Path.Combine(root, "d01", "f002.txt"));
        File.Delete(Path.Combine(root, "d04", "f000.txt"));
        Directory.Delete(Path.Combine(root, "d05"), recursive: true);
        File.WriteAllText(Path.Combine(root, "d06", "sub", "new.txt"), "a new file");
    }

    /// <summary>Waits (bounded by the token) until both sides are idle with nothing needed, so byte counters are quiet.</summary>
    private static async Task SettleAsync(SyncPair pair, CancellationToken ct)
    {
        await SyncPair.Until(
            async () =>
            {
                foreach (var folder in new[] { RealToOurs, OursToReal })
                {
                    var status = await pair.RealFolderStatusAsync(folder, ct);
                    if ((string?)status["state"] != "idle" || (long)status["needTotalItems"]! != 0)
                    {
                        return false;
                    }

                    var completion = JsonNode.Parse(await pair.Real.GetAsync($"rest/db/completion?folder={folder}&device={pair.OurId}", ct))!;
                    if ((double)completion["completion"]! < 100 || pair.Node.GetRunner(folder)!.State != "idle")
                    {
                        return false;
                    }

                    var need = pair.Node.Index.NeedCounts(folder);
                    if (need.Files + need.Directories + need.Symlinks + need.Deleted != 0)
                    {
                        return false;
                    }
                }

                return true;
            },
            "both sides to settle",
            ct);
    }

    /// <summary>Polls cheap metadata snapshots until they agree, then checks every file's SHA-256 (polling again if not).</summary>
    private async Task WaitIdenticalAsync(string source, string target, string what, CancellationToken ct)
    {
        List<string> last = [];
        try
        {
            while (true)
            {
                var a = await TreeSnapshot.TryTakeAsync(source);
                var b = await TreeSnapshot.TryTakeAsync(target);
                last = a is null || b is null ? ["find failed"] : TreeSnapshot.MetadataDiff(a, b);
                if (last.Count == 0 && a!.Entries.Count > 0)
                {
                    try
                    {
                        var ha = TreeSnapshot.Hashes(source, a);
                        var hb = TreeSnapshot.Hashes(target, b!);
                        last = [.. ha.Where(kv => hb.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => $"{kv.Key}: content differs").Take(20)];
                        if (last.Count == 0)
                        {
                            return;
                        }
                    }
                    catch (IOException e)
                    {
                        last = [e.Message]; // A file replaced while hashing: look again.
                    }
                }

                await Task.Delay(1000, ct);
            }
        }
        catch (OperationCanceledException)
        {
            output.WriteLine($"{what}: still different:\n  " + string.Join("\n  ", last));
            throw;
        }
    }
}
