using System.Security.Cryptography;
using Syncthing.Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Syncthing.Engine.Tests.Bundles;

/// <summary>
/// Issue 7's acceptance: A and C never connect; every round both change their folder at random (adds, edits,
/// deletes, renames, and every third round a concurrent edit of the same file) and exchange bundles both ways,
/// receipts carried back. After 20 rounds (and settling rounds without changes) both trees are identical, nothing
/// is needed, and no concurrently edited content was lost (the loser survives as a conflict copy).
/// </summary>
public sealed class BundleAcceptanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<BundleNode> _nodes = [];
    private int _counter;

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task Twenty_rounds_of_random_changes_carried_only_by_bundles_end_with_identical_trees(int seed)
    {
        var a = Node();
        var c = Node();
        BundleNode.Trust(a, c);
        var random = new Random(seed);
        long bytes = 0;
        var conflicts = 0;
        for (var round = 1; round <= 20; round++)
        {
            Mutate(a, random, "a");
            Mutate(c, random, "c");
            var concurrent = round % 3 == 0 ? EditTheSameFile(a, c, random) : null;

            bytes += await ExchangeAsync(a, c);

            if (concurrent is { } edit)
            {
                var present = a.Tree().Values.Concat(c.Tree().Values).ToHashSet(StringComparer.Ordinal);
                Assert.Contains(edit.AContent, present);
                Assert.Contains(edit.CContent, present);
                conflicts++;
            }
        }

        var settle = 0;
        while (settle < 5 && (!Same(a, c) || a.Store.Need(BundleNode.Folder).Any() || c.Store.Need(BundleNode.Folder).Any()))
        {
            bytes += await ExchangeAsync(a, c);
            settle++;
        }

        var tree = a.Tree();
        output.WriteLine($"seed {seed}: {tree.Count} entries, {tree.Keys.Count(k => k.Contains(".sync-conflict-", StringComparison.Ordinal))} conflict copies, {conflicts} concurrent edits, {settle} settling exchanges, {bytes} bundle bytes");
        Assert.Equal(tree, c.Tree());
        Assert.True(tree.Count > 10);
        Assert.Empty(a.Store.Need(BundleNode.Folder));
        Assert.Empty(c.Store.Need(BundleNode.Folder));
        Assert.True(settle <= 2, $"{settle} settling exchanges");
    }

    private BundleNode Node()
    {
        var node = new BundleNode(_time);
        _nodes.Add(node);
        return node;
    }

    private static bool Same(BundleNode a, BundleNode c) => a.Tree().SequenceEqual(c.Tree());

    /// <summary>A exports to C and C to A (each scanning first), each imports (scanning first), receipts go back.</summary>
    private static async Task<long> ExchangeAsync(BundleNode a, BundleNode c)
    {
        var (toC, _) = await a.ExportAsync(c);
        var (toA, _) = await c.ExportAsync(a);
        var atC = await c.ImportAsync(toC);
        a.Accept(atC.Folders[0].SignedReceipt);
        var atA = await a.ImportAsync(toA);
        c.Accept(atA.Folders[0].SignedReceipt);
        return toC.Length + toA.Length;
    }

    private void Mutate(BundleNode node, Random random, string side)
    {
        var operations = random.Next(1, 5);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < operations; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            var files = node.Tree().Where(e => e.Value != "dir" && !touched.Contains(e.Key)).Select(e => e.Key).ToList();
            var choice = files.Count == 0 ? 0 : random.Next(4);
            switch (choice)
            {
                case 0:
                    var directory = random.Next(3) == 0 ? string.Empty : $"d{random.Next(3)}/";
                    var name = $"{directory}{side}{++_counter}.bin";
                    node.Write(name, Content(random));
                    touched.Add(name);
                    break;
                case 1:
                    var edited = files[random.Next(files.Count)];
                    node.Write(edited, random.Next(2) == 0 ? [.. node.Read(edited), .. Content(random)] : Content(random));
                    touched.Add(edited);
                    break;
                case 2:
                    var deleted = files[random.Next(files.Count)];
                    node.Fs.Remove(deleted);
                    touched.Add(deleted);
                    break;
                default:
                    var from = files[random.Next(files.Count)];
                    var slash = from.LastIndexOf('/');
                    var to = $"{(slash < 0 ? string.Empty : from[..(slash + 1)])}{side}{++_counter}-renamed.bin";
                    node.Fs.Rename(from, to);
                    touched.Add(from);
                    touched.Add(to);
                    break;
            }
        }
    }

    /// <summary>Both sides change the same existing file differently before the exchange; returns both contents' hashes.</summary>
    private (string AContent, string CContent)? EditTheSameFile(BundleNode a, BundleNode c, Random random)
    {
        var treeA = a.Tree();
        var shared = c.Tree().Where(e => e.Value != "dir" && treeA.TryGetValue(e.Key, out var h) && h == e.Value).Select(e => e.Key).ToList();
        if (shared.Count == 0)
        {
            return null;
        }

        var name = shared[random.Next(shared.Count)];
        _time.Advance(TimeSpan.FromSeconds(1));
        var contentA = Content(random);
        a.Write(name, contentA);
        _time.Advance(TimeSpan.FromSeconds(1));
        var contentC = Content(random);
        c.Write(name, contentC);
        return (Hash(contentA), Hash(contentC));
    }

    private static byte[] Content(Random random)
    {
        var bytes = new byte[random.Next(4) == 0 ? random.Next(130_000, 400_000) : random.Next(1, 5000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Hash(byte[] content) => Convert.ToHexString(SHA256.HashData(content));

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }
}
