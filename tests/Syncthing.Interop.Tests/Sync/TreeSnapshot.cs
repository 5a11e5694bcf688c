using System.Globalization;
using System.Security.Cryptography;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Sync;

/// <summary>One entry of a tree as GNU find reports it: type, permission bits, mtime to the nanosecond, size, link target.</summary>
internal sealed record TreeEntry(string Name, char Type, string Mode, string MTime, long Size, string Link)
{
    /// <summary>What must be equal on both sides: files all of it; directories their permissions; symlinks their target.</summary>
    public string Comparable => Type switch
    {
        'f' => $"f {Mode} {MTime} {Size}",
        'd' => $"d {Mode}",
        'l' => $"l -> {Link}",
        _ => $"{Type}",
    };
}

/// <summary>
/// The state of a synced folder, read with one <c>find -printf</c> (nanosecond mtimes, modes and link targets that .NET
/// does not expose), leaving out Syncthing's own files (.stfolder, .stversions, temp files).
/// </summary>
internal sealed class TreeSnapshot
{
    private TreeSnapshot(SortedDictionary<string, TreeEntry> entries) => Entries = entries;

    public SortedDictionary<string, TreeEntry> Entries { get; }

    /// <summary>The snapshot, or null when find failed (typically a file replaced while it walked): try again.</summary>
    public static async Task<TreeSnapshot?> TryTakeAsync(string root)
    {
        var (exit, stdout, _) = await ProcessRunner.RunAsync(
            "find", [root, "-mindepth", "1", "-printf", "%P\t%y\t%m\t%T@\t%s\t%l\n"], TimeSpan.FromSeconds(60));
        if (exit != 0)
        {
            return null;
        }

        var entries = new SortedDictionary<string, TreeEntry>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = line.Split('\t');
            var name = p[0];
            var first = name.Split('/')[0];
            if (first is ".stfolder" or ".stversions" or ".stignore" || Path.GetFileName(name).StartsWith(".syncthing.", StringComparison.Ordinal))
            {
                continue;
            }

            entries[name] = new TreeEntry(name, p[1][0], p[2], p[3], long.Parse(p[4], CultureInfo.InvariantCulture), p[5]);
        }

        return new TreeSnapshot(entries);
    }

    public static async Task<TreeSnapshot> TakeAsync(string root) =>
        await TryTakeAsync(root) ?? throw new IOException($"find failed on {root}");

    /// <summary>Differences in metadata (names, types, modes, mtimes, sizes, link targets), at most 20, empty when equal.</summary>
    public static List<string> MetadataDiff(TreeSnapshot a, TreeSnapshot b)
    {
        var diff = new List<string>();
        foreach (var name in a.Entries.Keys.Union(b.Entries.Keys).Order(StringComparer.Ordinal))
        {
            var x = a.Entries.GetValueOrDefault(name)?.Comparable ?? "<missing>";
            var y = b.Entries.GetValueOrDefault(name)?.Comparable ?? "<missing>";
            if (x != y && diff.Count < 20)
            {
                diff.Add($"{name}: {x} | {y}");
            }
        }

        return diff;
    }

    /// <summary>SHA-256 of every regular file, by name.</summary>
    public static Dictionary<string, string> Hashes(string root, TreeSnapshot snapshot)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in snapshot.Entries.Values.Where(e => e.Type == 'f'))
        {
            using var stream = File.OpenRead(Path.Combine(root, e.Name));
            hashes[e.Name] = Convert.ToHexString(SHA256.HashData(stream));
        }

        return hashes;
    }
}
