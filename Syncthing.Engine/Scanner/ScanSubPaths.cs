using Syncthing.Engine.Fs;

namespace Syncthing.Engine.Scanner;

/// <summary>Turns requested sub-paths into a minimal list of subtrees to scan (1.19 <c>unifySubs</c>).</summary>
internal static class ScanSubPaths
{
    /// <summary>
    /// The subtrees to scan, sorted, none inside another; <c>[""]</c> means the whole folder. Each sub-path is
    /// widened while its parent directory is not in the index (<paramref name="isIndexed"/>), so a new item inside
    /// a new directory is scanned from its first known ancestor. Invalid names are reported and dropped.
    /// </summary>
    public static IReadOnlyList<string> Unify(IReadOnlyList<string>? subPaths, Func<string, bool> isIndexed, ScanCounters counters)
    {
        if (subPaths is null || subPaths.Count == 0)
        {
            return [PathNames.Root];
        }

        var widened = new List<string>();
        foreach (var raw in subPaths)
        {
            var sub = raw.Trim('/');
            if (sub.Length == 0 || sub == ".")
            {
                return [PathNames.Root];
            }

            if (PathNames.ValidateWireName(sub) is { } reason)
            {
                counters.Skip(raw, "sub-path " + reason);
                continue;
            }

            while (true)
            {
                var parent = PathNames.Parent(sub);
                if (parent.Length == 0 || isIndexed(parent))
                {
                    break;
                }

                sub = parent;
            }

            widened.Add(sub);
        }

        widened.Sort(StringComparer.Ordinal);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var sub in widened)
        {
            if (!CoveredBy(sub, chosen) && chosen.Add(sub))
            {
                result.Add(sub);
            }
        }

        return result;
    }

    private static bool CoveredBy(string sub, HashSet<string> chosen)
    {
        for (var ancestor = PathNames.Parent(sub); ancestor.Length > 0; ancestor = PathNames.Parent(ancestor))
        {
            if (chosen.Contains(ancestor))
            {
                return true;
            }
        }

        return false;
    }
}
