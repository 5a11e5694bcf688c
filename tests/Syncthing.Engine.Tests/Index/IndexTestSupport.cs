using System.Collections.Immutable;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Tests.Index;

/// <summary>A SQLite index in its own temporary directory, deleted on dispose.</summary>
internal sealed class TempIndex : IDisposable
{
    public TempIndex()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("stindex-").FullName;
        Path = System.IO.Path.Combine(Directory, "index.db");
        Store = new SqliteIndexStore(Path);
    }

    public string Directory { get; }

    public string Path { get; }

    public SqliteIndexStore Store { get; private set; }

    /// <summary>Closes the store, runs <paramref name="whileClosed"/> on the database file (if any), opens it again.</summary>
    public void Reopen(Action<string>? whileClosed = null)
    {
        Store.Dispose();
        whileClosed?.Invoke(Path);
        Store = new SqliteIndexStore(Path);
    }

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is not a test failure.
        }
    }
}

internal static class Ix
{
    public const string Folder = "default";

    public static DeviceId Dev(byte n)
    {
        var bytes = new byte[32];
        bytes[0] = n;
        bytes[31] = 0x5A;
        return DeviceId.FromBytes(bytes);
    }

    public static VersionVector V(params (ulong Id, ulong Value)[] counters) =>
        VersionVector.FromCounters(counters.Select(c => new Counter(c.Id, c.Value)));

    public static byte[] Hash(byte seed) => Enumerable.Repeat(seed, 32).ToArray();

    public static FileRecord File(
        string name, VersionVector version, long size = 10, long mtime = 1000, bool deleted = false,
        bool invalid = false, byte seed = 1, LocalFlags flags = LocalFlags.None) => new()
    {
        Name = name,
        Kind = FileKind.File,
        Size = deleted ? 0 : size,
        Permissions = 0b110_100_100,
        ModifiedSeconds = mtime,
        ModifiedBy = version.Counters.IsEmpty ? 0 : version.Counters[0].Id,
        Deleted = deleted,
        Invalid = invalid,
        LocalFlags = flags,
        Version = version,
        BlockSize = 131072,
        Blocks = deleted || invalid
            ? ImmutableArray<BlockRef>.Empty
            : [new BlockRef(0, (int)size, Hash(seed), 7)],
    };

    public static FileRecord Dir(string name, VersionVector version, long mtime = 1000) => new()
    {
        Name = name,
        Kind = FileKind.Directory,
        ModifiedSeconds = mtime,
        Version = version,
        BlockSize = 131072,
    };

    public static FileRecord Link(string name, VersionVector version, string target = "target") => new()
    {
        Name = name,
        Kind = FileKind.Symlink,
        NoPermissions = true,
        Version = version,
        BlockSize = 131072,
        SymlinkTarget = target,
    };
}
