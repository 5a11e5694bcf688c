namespace Syncthing.Engine.Fs;

/// <summary>
/// Finds a case conflict for a canonical name (brief §6.5): a different spelling, equal under Syncthing's case
/// folding (<see cref="PathNames.CaseFoldKey"/>), already present on disk. Lists the directories on the path on
/// every call (Syncthing caches them for a second; a cache can be added as a decorator if scans show the cost).
/// </summary>
internal sealed class CaseConflictDetector
{
    private readonly IFileSystem _fileSystem;

    public CaseConflictDetector(IFileSystem fileSystem, CaseConflictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fileSystem = fileSystem;
        Policy = policy;
    }

    public CaseConflictPolicy Policy { get; }

    /// <summary>
    /// The existing name that conflicts with <paramref name="name"/> (canonical, up to and including the
    /// conflicting component, or the whole real spelling under <see cref="CaseConflictPolicy.Syncthing"/>),
    /// or null when there is none.
    /// </summary>
    public string? FindConflict(string name) => Policy switch
    {
        CaseConflictPolicy.Off => null,
        CaseConflictPolicy.Syncthing => FindSyncthing(name),
        _ => FindStrict(name),
    };

    /// <summary>Throws <see cref="FsErrorKind.CaseConflict"/> with Syncthing's wording when there is a conflict.</summary>
    public void Check(string name)
    {
        var real = FindConflict(name);
        if (real is not null)
        {
            throw new FsException(
                FsErrorKind.CaseConflict,
                name,
                $"remote \"{name}\" uses different upper or lowercase characters than local \"{real}\"; change the casing on either side to match the other");
        }
    }

    private string? FindSyncthing(string name)
    {
        if (name.Length == 0 || !_fileSystem.Exists(name))
        {
            return null;
        }

        var real = PathNames.Root;
        foreach (var component in PathNames.Components(name))
        {
            var entries = TryList(real);
            if (entries is null)
            {
                return null;
            }

            string? match = null;
            foreach (var entry in entries)
            {
                var entryComponent = PathNames.FileName(entry.Name);
                if (entryComponent == component)
                {
                    match = component;
                    break;
                }

                if (match is null && PathNames.CaseFoldKey(entryComponent) == PathNames.CaseFoldKey(component))
                {
                    match = entryComponent;
                }
            }

            if (match is null)
            {
                return null;
            }

            real = PathNames.Join(real, match);
        }

        return real == name ? null : real;
    }

    private string? FindStrict(string name)
    {
        var directory = PathNames.Root;
        foreach (var component in PathNames.Components(name))
        {
            var entries = TryList(directory);
            if (entries is null)
            {
                return null;
            }

            var key = PathNames.CaseFoldKey(component);
            var exact = false;
            foreach (var entry in entries)
            {
                var entryComponent = PathNames.FileName(entry.Name);
                if (entryComponent == component)
                {
                    exact = true;
                }
                else if (PathNames.CaseFoldKey(entryComponent) == key)
                {
                    return entry.Name;
                }
            }

            if (!exact)
            {
                return null;
            }

            directory = PathNames.Join(directory, component);
        }

        return null;
    }

    private IReadOnlyList<FileEntry>? TryList(string directory)
    {
        try
        {
            return _fileSystem.ListDirectory(directory);
        }
        catch (FsException exception) when (exception.Kind is FsErrorKind.NotFound or FsErrorKind.NotADirectory or FsErrorKind.TraversesSymlink)
        {
            return null;
        }
    }
}
