namespace Syncthing.Engine.Ignore;

/// <summary>Flags a matching pattern carries (Syncthing 1.19 <c>ignore.Result</c> bits).</summary>
[Flags]
internal enum IgnoreResultFlags : byte
{
    None = 0,

    /// <summary>The pattern ignores what it matches (absent on <c>!</c> patterns).</summary>
    Ignored = 1,

    /// <summary><c>(?d)</c>: the ignored item may be removed when it blocks deleting its parent directory.</summary>
    Deletable = 2,

    /// <summary><c>(?i)</c> (or the platform default): the pattern matched case-insensitively.</summary>
    FoldCase = 4,
}

/// <summary>
/// Outcome of matching one name against the ignore patterns: the flags of the first pattern that matched,
/// or <see cref="NotMatched"/>. A match of a <c>!</c> pattern is a result that is not ignored.
/// </summary>
internal readonly record struct IgnoreResult(IgnoreResultFlags Flags)
{
    public static IgnoreResult NotMatched => default;

    public bool IsIgnored => (Flags & IgnoreResultFlags.Ignored) != 0;

    /// <summary>True only for ignored items whose pattern has <c>(?d)</c>.</summary>
    public bool IsDeletable => IsIgnored && (Flags & IgnoreResultFlags.Deletable) != 0;

    public bool IsCaseFolded => (Flags & IgnoreResultFlags.FoldCase) != 0;
}
