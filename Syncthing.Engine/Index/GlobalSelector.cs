using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

/// <summary>
/// Picks the global version of a name from all devices' entries with Syncthing 1.19's rules (lib/db VersionList and
/// protocol.WinsConflict): valid entries are preferred over invalid ones (all invalid: pick among them the same
/// way); a version that is strictly older than another candidate never wins; among the remaining, mutually
/// concurrent versions the winner is the non-deleted one, then the newer mtime, then the ConcurrentGreater vector.
/// Identical versions from several devices prefer the lowest device key (the local device).
/// </summary>
/// <remarks>
/// 1.19 builds an insertion-ordered list, which in contrived cases (a loser of a conflict dominating a third
/// version) depends on arrival order. This selector applies the same pairwise rules to the set of non-dominated
/// candidates, where they form a total order (ties on concurrent vectors compare the vectors lexicographically by
/// counter ID, which is exactly ConcurrentGreater), so the result does not depend on arrival order.
/// </remarks>
internal static class GlobalSelector
{
    /// <summary>Index of the global entry in <paramref name="candidates"/>, or -1 when there is none.</summary>
    public static int Select(IReadOnlyList<GlobalCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var anyValid = false;
        for (var i = 0; i < candidates.Count; i++)
        {
            anyValid |= !candidates[i].Invalid;
        }

        var best = -1;
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            if ((anyValid && c.Invalid) || IsDominated(candidates, i, anyValid))
            {
                continue;
            }

            if (best < 0 || Beats(c, candidates[best]))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// True when <paramref name="a"/> wins over the concurrent-or-equal <paramref name="b"/>: the pairwise rule of
    /// 1.19's <c>WinsConflict</c>, extended with a device-key tie break for identical vectors.
    /// </summary>
    public static bool Beats(GlobalCandidate a, GlobalCandidate b)
    {
        if (a.Invalid != b.Invalid)
        {
            return !a.Invalid;
        }

        if (a.Deleted != b.Deleted)
        {
            return !a.Deleted;
        }

        var mtime = (a.ModifiedSeconds, a.ModifiedNanos).CompareTo((b.ModifiedSeconds, b.ModifiedNanos));
        if (mtime != 0)
        {
            return mtime > 0;
        }

        return a.Version.Compare(b.Version) switch
        {
            Ordering.ConcurrentGreater or Ordering.Greater => true,
            Ordering.ConcurrentLesser or Ordering.Lesser => false,
            _ => a.DeviceKey < b.DeviceKey,
        };
    }

    private static bool IsDominated(IReadOnlyList<GlobalCandidate> candidates, int index, bool validOnly)
    {
        var version = candidates[index].Version;
        for (var j = 0; j < candidates.Count; j++)
        {
            if (j != index && !(validOnly && candidates[j].Invalid) && version.Compare(candidates[j].Version) == Ordering.Lesser)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// 1.19's <c>Need</c>: whether a device needs the global version, given whether it has an entry for the name and
    /// that entry's version. Never an invalid global or one with an empty version; never a delete of something the
    /// device does not have; never when the device's version is greater than or equal to the global one.
    /// </summary>
    public static bool Need(bool globalInvalid, bool globalDeleted, VersionVector globalVersion, bool have, VersionVector? haveVersion)
    {
        ArgumentNullException.ThrowIfNull(globalVersion);
        if (globalInvalid || globalVersion.IsEmpty)
        {
            return false;
        }

        if (globalDeleted && !have)
        {
            return false;
        }

        return !(have && haveVersion is not null && haveVersion.Compare(globalVersion) is Ordering.Equal or Ordering.Greater);
    }
}
