namespace Syncthing.Engine.Fs;

/// <summary>
/// A folder's files, addressed by canonical names (relative, '/'-separated, NFC, clean; "" is the folder root and
/// is accepted only where a directory is meant). Every method is synchronous because the OS calls are.
/// <para>
/// Safety: no operation reaches outside the root. A name that breaks the naming rules fails with
/// <see cref="FsErrorKind.InvalidName"/>; a name whose parent components include a symlink fails with
/// <see cref="FsErrorKind.TraversesSymlink"/>. The final component may be a symlink only for operations that do
/// not follow it (<see cref="Lstat"/>, <see cref="Exists"/>, <see cref="Remove"/>, <see cref="Rename"/>,
/// <see cref="ReadSymlink"/>, <see cref="SetModified"/>); the others refuse it with
/// <see cref="FsErrorKind.TraversesSymlink"/>.
/// </para>
/// Failures are <see cref="FsException"/>; caller misuse (null arguments) raises BCL exceptions.
/// </summary>
public interface IFileSystem
{
    /// <summary>A human-readable description of the root (a directory path, or "memory:" for the fake).</summary>
    string Description { get; }

    /// <summary>Describes the item at <paramref name="name"/> without following a final symlink.</summary>
    FileEntry Lstat(string name);

    /// <summary>Like <see cref="Lstat"/>, but null when nothing exists there.</summary>
    FileEntry? TryLstat(string name);

    /// <summary>True when something (file, directory, symlink, even a dangling one) exists at the name.</summary>
    bool Exists(string name);

    /// <summary>
    /// Lstat of every entry of a directory, ordered by ordinal name. Names are spelled as stored, so an entry whose
    /// name is not a valid wire name (not NFC, a backslash, a control character) is still listed; callers check
    /// <c>PathNames.ValidateWireName</c> and report it.
    /// </summary>
    IReadOnlyList<FileEntry> ListDirectory(string name);

    /// <summary>Opens a regular file for reading; the stream is seekable.</summary>
    Stream OpenRead(string name);

    /// <summary>
    /// Creates a new regular file exclusively (fails with <see cref="FsErrorKind.AlreadyExists"/> if anything
    /// exists there) with the given Unix permission bits (the OS umask may clear some), and opens it for
    /// reading and writing. The stream is seekable and supports <see cref="Stream.SetLength"/>.
    /// </summary>
    Stream CreateNew(string name, uint permissions);

    /// <summary>Opens an existing regular file for reading and writing without truncating it.</summary>
    Stream OpenWrite(string name);

    /// <summary>
    /// Renames <paramref name="from"/> to <paramref name="to"/> like rename(2): an existing file at
    /// <paramref name="to"/> (or an empty directory when moving a directory) is replaced atomically.
    /// </summary>
    void Rename(string from, string to);

    /// <summary>Removes a file, a symlink (not its target) or an empty directory.</summary>
    void Remove(string name);

    /// <summary>Creates one directory; its parent must exist.</summary>
    void CreateDirectory(string name, uint permissions);

    /// <summary>Creates a symlink at <paramref name="name"/> holding <paramref name="target"/> verbatim.</summary>
    void CreateSymlink(string name, string target);

    /// <summary>The target text of the symlink at <paramref name="name"/>.</summary>
    string ReadSymlink(string name);

    /// <summary>Sets the modification (and access) time, never following a final symlink.</summary>
    void SetModified(string name, FileTimestamp modified);

    /// <summary>Sets the Unix permission bits (<c>&amp; 07777</c>) of a file or directory.</summary>
    void SetPermissions(string name, uint permissions);

    /// <summary>
    /// The entry of the file that <paramref name="stream"/> (opened by this file system) reads or writes, taken from
    /// the open file itself where the platform allows (fstat: no path lookup), so it describes the file that was
    /// opened even if <paramref name="name"/> has since been replaced; elsewhere, <see cref="Lstat"/> of the name.
    /// </summary>
    FileEntry StatOpenFile(Stream stream, string name);

    /// <summary>
    /// Sets the permission bits (when <paramref name="permissions"/> is given, <c>&amp; 07777</c>) and then the
    /// modification (and access) time of the file <paramref name="stream"/> (opened for writing by this file system)
    /// writes: on the open file itself where the platform allows (fchmod, futimens: no path lookup, and it is the
    /// file written even if <paramref name="name"/> was replaced), elsewhere through <paramref name="name"/>. Call it
    /// after the last write, which would move the modification time again.
    /// </summary>
    void SetOpenFileAttributes(Stream stream, string name, uint? permissions, FileTimestamp modified);

    /// <summary>Flushes a regular file's data and metadata to stable storage.</summary>
    void SyncFile(string name);

    /// <summary>
    /// Flushes the data and metadata of several regular files, like <see cref="SyncFile"/> on each. An implementation
    /// may instead flush its whole volume at once (Linux: syncfs, one device flush instead of one per file); then the
    /// names are not checked one by one, and a failure fails them all.
    /// </summary>
    void SyncFiles(IReadOnlyList<string> names);

    /// <summary>
    /// Flushes several directories, like <see cref="SyncDirectory"/> on each; as with <see cref="SyncFiles"/>, an
    /// implementation may flush its whole volume at once instead.
    /// </summary>
    void SyncDirectories(IReadOnlyList<string> names);

    /// <summary>Flushes a directory (its entries, so renames and creations inside it are durable).</summary>
    void SyncDirectory(string name);

    /// <summary>Bytes available to this process on the volume of the root, or null when unknown.</summary>
    long? GetAvailableSpace();
}
