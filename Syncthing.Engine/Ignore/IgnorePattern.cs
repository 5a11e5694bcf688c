namespace Syncthing.Engine.Ignore;

/// <summary>
/// One expanded, compiled pattern: its glob text (without prefixes; lower-cased when case-folded; rooted
/// patterns keep their leading <c>/</c>), the flags it yields, and the compiled glob.
/// </summary>
internal sealed class IgnorePattern
{
    private readonly GlobMatcher _glob;

    public IgnorePattern(string pattern, IgnoreResultFlags flags, GlobMatcher glob)
    {
        Pattern = pattern;
        Flags = flags;
        _glob = glob;
    }

    public string Pattern { get; }

    public IgnoreResultFlags Flags { get; }

    public bool IsCaseFolded => (Flags & IgnoreResultFlags.FoldCase) != 0;

    /// <summary>Matches a slash-separated name (already lower-cased by the caller when case-folded).</summary>
    public bool IsMatch(ReadOnlySpan<char> name) => _glob.IsMatch(name);

    /// <summary>
    /// Whether this pattern still lets the walker skip an ignored directory wholesale: any ignoring pattern
    /// does; a <c>!</c> pattern does only when it is rooted, names a single top-level component, and has no
    /// <c>**</c> except possibly at its very end (so it cannot re-include anything below an ignored directory).
    /// </summary>
    public bool AllowsSkippingIgnoredDirs()
    {
        if ((Flags & IgnoreResultFlags.Ignored) != 0)
        {
            return true;
        }

        if (Pattern[0] != '/' || Pattern.AsSpan(1).Contains('/'))
        {
            return false;
        }

        var head = Pattern.EndsWith("**", StringComparison.Ordinal) ? Pattern[..^2] : Pattern;
        return !head.Contains("**", StringComparison.Ordinal);
    }

    /// <summary>The 1.19 display form used by the REST <c>expanded</c> list and the hash: <c>(?d)(?i)!pattern</c>.</summary>
    public override string ToString()
    {
        var text = Pattern;
        if ((Flags & IgnoreResultFlags.Ignored) == 0)
        {
            text = "!" + text;
        }

        if ((Flags & IgnoreResultFlags.FoldCase) != 0)
        {
            text = "(?i)" + text;
        }

        if ((Flags & IgnoreResultFlags.Deletable) != 0)
        {
            text = "(?d)" + text;
        }

        return text;
    }
}
