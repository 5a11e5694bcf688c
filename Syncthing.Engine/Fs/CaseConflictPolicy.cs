namespace Syncthing.Engine.Fs;

/// <summary>How <see cref="CaseConflictDetector"/> judges names that differ only in upper/lower case.</summary>
internal enum CaseConflictPolicy
{
    /// <summary>Never report (Syncthing's <c>caseSensitiveFS=true</c>).</summary>
    Off,

    /// <summary>
    /// Syncthing 1.19's default (<c>caseSensitiveFS=false</c>, lib/fs/casefs.go): only when the name itself
    /// resolves (lstat succeeds) is its real on-disk spelling looked up, component by component, preferring an
    /// exact match; a conflict is a real spelling that differs. On a case-sensitive file system lstat of a
    /// differently-cased name fails, so 1.19 never reports there and lets "A" and "a" coexist.
    /// </summary>
    Syncthing,

    /// <summary>
    /// Also report on case-sensitive file systems: any component whose directory holds another entry that is
    /// equal under case folding (exact match present or not). Keeps a peer from creating "A" next to "a", which
    /// would collide on a case-insensitive copy of the folder.
    /// </summary>
    Strict,
}
