using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Syncthing.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Syncthing.Interop.Tests.Sync;

/// <summary>
/// Issue 4: a concurrent edit on both sides (made while real Syncthing has our device paused, watchers off, each side
/// scanning explicitly) leaves exactly one conflict copy per file on each side, named as 1.19 names it
/// (<c>name.sync-conflict-YYYYMMDD-HHMMSS-WINNERID.ext</c>, the same name on both sides once it propagated), and no
/// content is lost. For a.txt real Syncthing's edit is newer (we make the copy); for b.txt ours is (real makes it).
/// </summary>
public sealed partial class ConflictInteropTests(ITestOutputHelper output)
{
    private const string FolderId = "cf";

    [SyncthingFact]
    public async Task ConcurrentEditsLeaveOneConflictCopyOnEachSideWithNothingLost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var pair = await SyncPair.StartAsync([FolderId], watchers: false, ct);
        var ours = pair.OurPath(FolderId);
        var real = pair.RealPath(FolderId);

        // A common starting point.
        await File.WriteAllTextAsync(Path.Combine(ours, "a.txt"), "original a", ct);
        await File.WriteAllTextAsync(Path.Combine(ours, "b.txt"), "original b", ct);
        await pair.Node.ScanAsync(FolderId, null, ct);
        await SyncPair.Until(
            () => Task.FromResult(ReadOrNull(real, "a.txt") == "original a" && ReadOrNull(real, "b.txt") == "original b"), "the originals on real", ct);
        await SyncPair.Until(async () => (long)(await pair.RealFolderStatusAsync(FolderId, ct))["needTotalItems"]! == 0 && pair.Node.GetRunner(FolderId)!.State == "idle", "idle", ct);

        // Apart: real pauses our device; both edit both files and scan.
        await pair.Real.PostAsync($"rest/system/pause?device={pair.OurId}", null, ct);
        await SyncPair.Until(async () => pair.OurConnection() is null && (bool?)(await pair.RealConnectionAsync(ct))?["connected"] != true, "the pause", ct);
        var t = DateTime.UtcNow.AddMinutes(-5);
        Edit(real, "a.txt", "real's a", t.AddSeconds(10));
        Edit(ours, "a.txt", "our a", t);
        Edit(real, "b.txt", "real's b", t);
        Edit(ours, "b.txt", "our b", t.AddSeconds(10));
        var scanned = await pair.Node.ScanAsync(FolderId, null, ct);
        Assert.Equal(2, scanned.Changed);
        await pair.Real.PostAsync($"rest/db/scan?folder={FolderId}", null, ct);
        await SyncPair.Until(async () => (long)(await pair.RealFolderStatusAsync(FolderId, ct))["localFiles"]! == 2, "real's scan", ct);

        // Together again.
        await pair.Real.PostAsync($"rest/system/resume?device={pair.OurId}", null, ct);
        await pair.ConnectAsync(ct);
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            wait.CancelAfter(TimeSpan.FromSeconds(90));
            try
            {
                await SyncPair.Until(
                    () => Task.FromResult(Conflicts(ours).Count == 2 && Conflicts(real).Count == 2
                        && ReadOrNull(ours, "a.txt") == "real's a" && ReadOrNull(real, "b.txt") == "our b"),
                    "both conflict copies on both sides", wait.Token);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                await DescribeAsync(pair, ct);
                throw;
            }
        }
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // Anything extra (a second copy) would show up now.

        var ourCopies = Conflicts(ours);
        var realCopies = Conflicts(real);
        output.WriteLine("our side:  " + string.Join(", ", ourCopies));
        output.WriteLine("real side: " + string.Join(", ", realCopies));
        Assert.Equal(ourCopies, realCopies);
        var a = Assert.Single(ourCopies, n => n.StartsWith("a.", StringComparison.Ordinal));
        var b = Assert.Single(ourCopies, n => n.StartsWith("b.", StringComparison.Ordinal));
        Assert.Equal(pair.RealId.Short.ToString(), ConflictName().Match(a).Groups["id"].Value); // The winner's short ID.
        Assert.Equal(pair.OurId.Short.ToString(), ConflictName().Match(b).Groups["id"].Value);
        foreach (var side in new[] { ours, real })
        {
            Assert.Equal("real's a", ReadOrNull(side, "a.txt"));
            Assert.Equal("our a", ReadOrNull(side, a));
            Assert.Equal("our b", ReadOrNull(side, "b.txt"));
            Assert.Equal("real's b", ReadOrNull(side, b));
        }

        Assert.Empty(pair.Node.GetRunner(FolderId)!.PullErrors);
        var errors = JsonNode.Parse(await pair.Real.GetAsync($"rest/folder/errors?folder={FolderId}", ct))!["errors"]?.AsArray();
        Assert.True(errors is null || errors.Count == 0, errors?.ToJsonString());
    }

    private async Task DescribeAsync(SyncPair pair, CancellationToken ct)
    {
        foreach (var (side, root) in new[] { ("ours", pair.OurPath(FolderId)), ("real", pair.RealPath(FolderId)) })
        {
            output.WriteLine(side + ": " + string.Join(", ", Directory.GetFiles(root).Select(f => $"{Path.GetFileName(f)}=[{ReadOrNull(root, Path.GetFileName(f))}]")));
        }

        var runner = pair.Node.GetRunner(FolderId)!;
        output.WriteLine($"our runner: {runner.State}, errors: {string.Join("; ", runner.PullErrors.Select(e => $"{e.Name}: {e.Reason}"))}");
        output.WriteLine("our need: " + pair.Node.Index.NeedCounts(FolderId));
        output.WriteLine("real status: " + (await pair.RealFolderStatusAsync(FolderId, ct)).ToJsonString());
        output.WriteLine("real errors: " + await pair.Real.GetAsync($"rest/folder/errors?folder={FolderId}", ct));
        output.WriteLine("real connection: " + (await pair.RealConnectionAsync(ct))?.ToJsonString());
        output.WriteLine("real a.txt: " + await pair.Real.GetAsync($"rest/db/file?folder={FolderId}&file=a.txt", ct));
        output.WriteLine("real log:\n" + pair.Real.Output[^Math.Min(pair.Real.Output.Length, 4000)..]);
    }

    [GeneratedRegex(@"^[ab]\.sync-conflict-\d{8}-\d{6}-(?<id>[A-Z2-7]{7})\.txt$")]
    private static partial Regex ConflictName();

    private static List<string> Conflicts(string root) =>
        [.. Directory.GetFiles(root).Select(Path.GetFileName).OfType<string>().Where(n => ConflictName().IsMatch(n)).Order(StringComparer.Ordinal)];

    private static string? ReadOrNull(string root, string name)
    {
        try
        {
            return File.ReadAllText(Path.Combine(root, name));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Edit(string root, string name, string content, DateTime mtime)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, mtime);
    }
}
