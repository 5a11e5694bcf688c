using Syncthing.Engine.Common;

namespace Syncthing.Engine.Fs;

/// <summary>
/// A file-system operation failed on one name. <see cref="Name"/> is the canonical name the caller gave (or the
/// folder root as ""), <see cref="Kind"/> the classified reason.
/// </summary>
public sealed class FsException : SyncthingException
{
    public FsException(FsErrorKind kind, string name, string reason)
        : this(kind, name, reason, null)
    {
    }

    public FsException(FsErrorKind kind, string name, string reason, Exception? innerException)
        : base(Format(name, reason), innerException)
    {
        Kind = kind;
        Name = name;
        Reason = reason;
    }

    public FsErrorKind Kind { get; }

    public string Name { get; }

    public string Reason { get; }

    /// <summary>Plain I/O errors and a full disk may clear up; everything else needs a change first.</summary>
    public override bool IsTransient => Kind is FsErrorKind.Io or FsErrorKind.NoSpace;

    private static string Format(string name, string reason) =>
        name.Length == 0 ? $"(folder root): {reason}" : $"\"{name}\": {reason}";
}
