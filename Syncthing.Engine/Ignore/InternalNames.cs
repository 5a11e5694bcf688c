namespace Syncthing.Engine.Ignore;

/// <summary>
/// Names Syncthing 1.19 never syncs regardless of <c>.stignore</c> (its <c>fs.IsInternal</c> and
/// <c>fs.IsTemporary</c>). Kept here, beside <see cref="IgnoreMatcher.ShouldIgnore(string)"/> which is the one
/// place that combines them with the patterns, until a file-system layer exists to own them.
/// </summary>
internal static class InternalNames
{
    /// <summary>Temporary-file prefix Syncthing uses on Windows; recognised on every OS.</summary>
    public const string WindowsTempPrefix = "~syncthing~";

    /// <summary>Temporary-file prefix Syncthing uses elsewhere; recognised on every OS.</summary>
    public const string UnixTempPrefix = ".syncthing.";

    private static readonly string[] Internal = [".stfolder", ".stignore", ".stversions"];

    /// <summary>
    /// True for <c>.stfolder</c>, <c>.stignore</c>, <c>.stversions</c> at the folder root and anything below
    /// them. Case-sensitive and root-only, as in 1.19 (<c>sub/.stignore</c> is an ordinary file).
    /// </summary>
    public static bool IsInternal(ReadOnlySpan<char> name)
    {
        foreach (var internalName in Internal)
        {
            if (name.StartsWith(internalName, StringComparison.Ordinal)
                && (name.Length == internalName.Length || name[internalName.Length] == '/'))
            {
                return name.Length == internalName.Length || name.Length > internalName.Length + 1;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the last path component starts with either temporary prefix (no <c>.tmp</c> suffix needed,
    /// matching 1.19), at any depth.
    /// </summary>
    public static bool IsTemporary(ReadOnlySpan<char> name)
    {
        var slash = name.LastIndexOf('/');
        var baseName = slash < 0 ? name : name[(slash + 1)..];
        return baseName.StartsWith(WindowsTempPrefix, StringComparison.Ordinal)
            || baseName.StartsWith(UnixTempPrefix, StringComparison.Ordinal);
    }
}
