using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Puller;

/// <summary>
/// 1.19 <c>moveForConflict</c>: before a concurrent version replaces our file, our file is renamed to a conflict copy
/// (or removed when it is itself a conflict copy or maxConflicts is 0), and older copies beyond maxConflicts are
/// pruned. The copy is then an ordinary new file for the next scan.
/// </summary>
internal sealed class ConflictMover(IFileSystem fs, TimeProvider time, int maxConflicts)
{
    /// <summary>Moves <paramref name="name"/> out of the way; returns the conflict copy's name, or null when removed.</summary>
    public string? MoveForConflict(string name, ulong incomingModifiedBy)
    {
        if (ConflictNames.IsConflictCopy(name) || maxConflicts == 0)
        {
            RemoveIfPresent(name);
            return null;
        }

        var copy = ConflictNames.ConflictName(name, new ShortId(incomingModifiedBy), time);
        fs.Rename(name, copy);
        if (maxConflicts > 0)
        {
            Prune(name);
        }

        return copy;
    }

    private void Prune(string name)
    {
        var directory = PathNames.Parent(name);
        var listing = fs.ListDirectory(directory).Select(e => PathNames.Join(directory, PathNames.FileName(e.Name)));
        foreach (var old in ConflictNames.SelectForPruning(name, listing, maxConflicts))
        {
            RemoveIfPresent(old);
        }
    }

    private void RemoveIfPresent(string name)
    {
        if (fs.Exists(name))
        {
            fs.Remove(name);
        }
    }
}
