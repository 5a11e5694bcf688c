using System.Globalization;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Puller;

/// <summary>
/// Conflict copy names exactly as Syncthing 1.19 makes and finds them (lib/model/folder_sendrecv.go
/// <c>conflictName</c>, <c>isConflict</c>, <c>existingConflicts</c>, <c>moveForConflict</c>; brief §5.3).
/// <list type="bullet">
/// <item>The name is split at Go's <c>filepath.Ext</c> of the whole canonical name: the extension is everything from
/// the last '.' of the last component, that dot included. So <c>a.tar.gz</c> → <c>a.tar</c> + <c>.gz</c>, a name
/// without a dot in its last component has no extension, and a dotfile's whole name is its extension:
/// <c>.bashrc</c> → <c>.sync-conflict-….bashrc</c>.</item>
/// <item>The stamp is the renaming device's <b>local</b> time (<c>time.Now()</c>, layout <c>20060102-150405</c>) and
/// the ID is the <c>modified_by</c> short ID of the incoming (winning) version, not ours.</item>
/// <item>Pruning keeps the <c>maxConflicts</c> lexically greatest (newest) copies and removes the rest; −1 keeps all;
/// with 0 no copy is ever made (the local file is simply removed).</item>
/// </list>
/// </summary>
internal static class ConflictNames
{
    /// <summary>What every conflict copy's last component contains (1.19's <c>isConflict</c>).</summary>
    public const string Marker = ".sync-conflict-";

    /// <summary>1.19's default <c>maxConflicts</c>.</summary>
    public const int DefaultMaxConflicts = 10;

    private const string StampFormat = "yyyyMMdd-HHmmss";

    /// <summary>The conflict copy name for <paramref name="name"/> stamped with the given local wall-clock time.</summary>
    /// <param name="name">Canonical name of the local file being moved aside.</param>
    /// <param name="modifiedBy">The <c>modified_by</c> of the version that replaces it.</param>
    /// <param name="localTime">The renaming device's local time; only its clock fields are used (no conversion).</param>
    public static string ConflictName(string name, ShortId modifiedBy, DateTimeOffset localTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var ext = Extension(name);
        var stem = name[..^ext.Length];
        var stamp = localTime.ToString(StampFormat, CultureInfo.InvariantCulture);
        return stem + Marker + stamp + "-" + modifiedBy.ToString() + ext;
    }

    /// <summary>The conflict copy name stamped with the local time of <paramref name="time"/>.</summary>
    public static string ConflictName(string name, ShortId modifiedBy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return ConflictName(name, modifiedBy, time.GetLocalNow());
    }

    /// <summary>True when the last component contains <c>.sync-conflict-</c> (1.19's <c>isConflict</c>).</summary>
    public static bool IsConflictCopy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return BaseName(name).Contains(Marker, StringComparison.Ordinal);
    }

    /// <summary>
    /// True when <paramref name="candidate"/> is one of <paramref name="name"/>'s conflict copies, i.e. matches 1.19's
    /// glob <c>STEM.sync-conflict-????????-??????*EXT</c> (each <c>?</c> and the <c>*</c> within one component). The
    /// stem and extension are matched literally (1.19 passes them to Glob unescaped, so a name containing <c>*</c>,
    /// <c>?</c> or <c>[</c> finds copies there a little differently).
    /// </summary>
    public static bool IsConflictCopyOf(string name, string candidate)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(candidate);
        var ext = Extension(name);
        var prefix = string.Concat(name.AsSpan(0, name.Length - ext.Length), Marker);
        const int StampLength = 15; // ????????-??????
        if (candidate.Length < prefix.Length + StampLength + ext.Length
            || !candidate.StartsWith(prefix, StringComparison.Ordinal)
            || !candidate.EndsWith(ext, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = candidate.AsSpan(prefix.Length);
        return rest[8] == '-' && !rest.Contains('/');
    }

    /// <summary>
    /// The copies to delete after a new one was made, given every name currently in the directory (full canonical
    /// names; others are skipped): with more than <paramref name="maxConflicts"/> copies of <paramref name="name"/>,
    /// all but the <paramref name="maxConflicts"/> lexically greatest (newest stamps). Empty for −1 (unlimited).
    /// </summary>
    public static IReadOnlyList<string> SelectForPruning(string name, IEnumerable<string> existing, int maxConflicts)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConflicts, -1);
        if (maxConflicts < 0)
        {
            return [];
        }

        var copies = existing.Where(candidate => IsConflictCopyOf(name, candidate)).Distinct(StringComparer.Ordinal).ToList();
        if (copies.Count <= maxConflicts)
        {
            return [];
        }

        copies.Sort(StringComparer.Ordinal);
        return copies.GetRange(0, copies.Count - maxConflicts);
    }

    /// <summary>Go's <c>filepath.Ext</c> on a '/'-separated name: from the last '.' after the last '/', or "".</summary>
    public static string Extension(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = name.Length - 1; i >= 0 && name[i] != '/'; i--)
        {
            if (name[i] == '.')
            {
                return name[i..];
            }
        }

        return "";
    }

    private static ReadOnlySpan<char> BaseName(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? name : name.AsSpan(slash + 1);
    }
}
