using System.Text;

namespace Syncthing.Engine.Ignore;

/// <summary>
/// Turns one (already directory-expanded) pattern line into compiled patterns, as 1.19's <c>parseLine</c>:
/// prefixes <c>!</c>, <c>(?i)</c>, <c>(?d)</c> in any order, each at most once (a repeated prefix ends prefix
/// parsing and becomes part of the glob); <c>/x</c> yields one rooted pattern; <c>**/x</c> yields <c>**/x</c>
/// and <c>x</c>; any other <c>x</c> yields <c>x</c> and <c>**/x</c>.
/// </summary>
internal static class IgnoreLineCompiler
{
    /// <summary>Throws <see cref="FormatException"/> for an empty pattern or an invalid glob.</summary>
    public static IgnorePattern[] Compile(string line, IgnoreOptions options)
    {
        var flags = IgnoreResultFlags.Ignored;
        if (options.FoldCaseByDefault)
        {
            flags |= IgnoreResultFlags.FoldCase;
        }

        bool seenNot = false, seenFold = false, seenDelete = false;
        while (true)
        {
            if (!seenNot && line.StartsWith('!'))
            {
                seenNot = true;
                flags &= ~IgnoreResultFlags.Ignored;
                line = line[1..];
            }
            else if (!seenFold && line.StartsWith("(?i)", StringComparison.Ordinal))
            {
                seenFold = true;
                flags |= IgnoreResultFlags.FoldCase;
                line = line[4..];
            }
            else if (!seenDelete && line.StartsWith("(?d)", StringComparison.Ordinal))
            {
                seenDelete = true;
                flags |= IgnoreResultFlags.Deletable;
                line = line[4..];
            }
            else
            {
                break;
            }
        }

        if (line.Length == 0)
        {
            throw new FormatException("missing pattern");
        }

        try
        {
            line = line.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException ex)
        {
            // Unpaired surrogates: gobwas likewise refuses text it cannot decode.
            throw new FormatException("could not read rune", ex);
        }
        if ((flags & IgnoreResultFlags.FoldCase) != 0)
        {
            line = line.ToLowerInvariant();
        }

        if (line.StartsWith('/'))
        {
            return [new IgnorePattern(line, flags, GlobMatcher.Compile(line[1..]))];
        }

        if (line.StartsWith("**/", StringComparison.Ordinal))
        {
            var bare = line[3..];
            return
            [
                new IgnorePattern(line, flags, GlobMatcher.Compile(line)),
                new IgnorePattern(bare, flags, GlobMatcher.Compile(bare)),
            ];
        }

        var anyDepth = "**/" + line;
        return
        [
            new IgnorePattern(line, flags, GlobMatcher.Compile(line)),
            new IgnorePattern(anyDepth, flags, GlobMatcher.Compile(anyDepth)),
        ];
    }
}
