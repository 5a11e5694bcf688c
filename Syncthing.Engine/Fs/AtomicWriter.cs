namespace Syncthing.Engine.Fs;

/// <summary>
/// Replaces a file so that readers see either the old or the new content, and so that the new content survives a
/// crash once the call returns (brief §6.4): write into the temp name (<see cref="TempNames"/>) in the same
/// directory, fsync it, rename it over the target, fsync the directory.
/// </summary>
internal static class AtomicWriter
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> atomically with the given permission bits.</summary>
    public static void Write(IFileSystem fileSystem, string name, ReadOnlySpan<byte> content, uint permissions)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        var temp = PrepareTemp(fileSystem, name);
        try
        {
            using (var stream = fileSystem.CreateNew(temp, permissions | 0x180))
            {
                stream.Write(content);
            }

            fileSystem.SetPermissions(temp, permissions);
        }
        catch
        {
            TryRemove(fileSystem, temp);
            throw;
        }

        Commit(fileSystem, temp, name);
    }

    /// <summary>Like <see cref="Write(IFileSystem, string, ReadOnlySpan{byte}, uint)"/> with content produced by a callback.</summary>
    public static void Write(IFileSystem fileSystem, string name, uint permissions, Action<Stream> writeContent)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(writeContent);
        var temp = PrepareTemp(fileSystem, name);
        try
        {
            using (var stream = fileSystem.CreateNew(temp, permissions | 0x180))
            {
                writeContent(stream);
            }

            fileSystem.SetPermissions(temp, permissions);
        }
        catch
        {
            TryRemove(fileSystem, temp);
            throw;
        }

        Commit(fileSystem, temp, name);
    }

    /// <summary>
    /// Finishes a completely written temp file: fsync it, rename it over <paramref name="finalName"/> (replacing a
    /// file there atomically), fsync the containing directory so the rename is durable. If the rename fails the
    /// temp file is left in place (the puller may reuse it).
    /// </summary>
    public static void Commit(IFileSystem fileSystem, string tempName, string finalName)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        fileSystem.SyncFile(tempName);
        fileSystem.Rename(tempName, finalName);
        fileSystem.SyncDirectory(PathNames.Parent(finalName));
    }

    private static string PrepareTemp(IFileSystem fileSystem, string name)
    {
        var temp = TempNames.TempName(name);
        if (fileSystem.TryLstat(temp) is { IsDirectory: false })
        {
            fileSystem.Remove(temp);
        }

        return temp;
    }

    private static void TryRemove(IFileSystem fileSystem, string temp)
    {
        try
        {
            if (fileSystem.Exists(temp))
            {
                fileSystem.Remove(temp);
            }
        }
        catch (FsException)
        {
            // The original failure matters more; a leftover temp file is cleaned up by later scans.
        }
    }
}
