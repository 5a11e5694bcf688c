namespace Syncthing.Engine.Fs;

/// <summary>What an operation lets a name be (shared by the file-system implementations).</summary>
internal enum PathUse
{
    /// <summary>Root allowed; a final symlink is refused (the operation would follow it).</summary>
    RootAllowed,

    /// <summary>Root allowed; a final symlink is fine (the operation does not follow it).</summary>
    RootOrSymlinkAllowed,

    /// <summary>Not the root; a final symlink is fine.</summary>
    SymlinkAllowed,

    /// <summary>Not the root; a final symlink is refused.</summary>
    FinalFollowed,
}
