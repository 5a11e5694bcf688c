using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Syncthing.Engine.Ignore;

/// <summary>
/// A compiled, immutable set of ignore patterns for one folder (Syncthing 1.19 <c>ignore.Matcher</c> minus its
/// file loading and caching). Thread-safe: any number of threads may call <see cref="Match(ReadOnlySpan{char})"/>.
/// Reloading produces a new instance; compare <see cref="Hash"/> to know whether the effective patterns changed.
/// </summary>
internal sealed class IgnoreMatcher
{
    /// <summary>Name of the root ignore file, relative to the folder root.</summary>
    public const string RootFileName = ".stignore";

    /// <summary>Names longer than this are lower-cased into a pooled buffer rather than the stack.</summary>
    private const int StackLowerCaseLimit = 128;

    private readonly IgnorePattern[] _patterns;
    private readonly bool _anyCaseFolded;

    private IgnoreMatcher(IReadOnlyList<string> lines, IReadOnlyList<IgnorePattern> patterns)
    {
        Lines = lines;
        _patterns = [.. patterns];
        _anyCaseFolded = _patterns.Any(p => p.IsCaseFolded);
        Patterns = Array.AsReadOnly(_patterns.Select(p => p.ToString()).ToArray());
        Hash = ComputeHash(Patterns);
        SkipIgnoredDirs = ComputeSkipIgnoredDirs(_patterns);
    }

    /// <summary>No patterns: nothing is ignored (apart from <see cref="InternalNames"/> in <see cref="ShouldIgnore(string)"/>).</summary>
    public static IgnoreMatcher Empty { get; } = new([], []);

    /// <summary>The root file's lines, trimmed, comments and blanks included (REST <c>ignore</c>).</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Effective patterns after includes and expansion, in 1.19 display form (REST <c>expanded</c>).</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Lower-case hex SHA-256 over each expanded pattern followed by LF (1.19's <c>Matcher.Hash</c>).</summary>
    public string Hash { get; }

    /// <summary>
    /// True when a directory that matches as ignored can be skipped with everything below it during a walk:
    /// no <c>!</c> pattern could re-include something inside an ignored directory. When false the walker
    /// must descend into ignored directories and match each child.
    /// </summary>
    public bool SkipIgnoredDirs { get; }

    /// <summary>Parses and compiles with <see cref="IgnoreOptions.Default"/>.</summary>
    public static IgnoreLoadResult Load(string? rootText, Func<string, string?> readInclude) =>
        Load(rootText, readInclude, IgnoreOptions.Default);

    /// <summary>
    /// Parses the text of <c>.stignore</c> (null when the file does not exist: no patterns, no error) and the
    /// files it includes, read through <paramref name="readInclude"/> (folder-relative slash path in, text or
    /// null out). On error the result's matcher has the root lines but no patterns, as in 1.19.
    /// </summary>
    public static IgnoreLoadResult Load(string? rootText, Func<string, string?> readInclude, IgnoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(readInclude);
        ArgumentNullException.ThrowIfNull(options);
        var (lines, patterns, error) = IgnoreFileParser.Parse(rootText, RootFileName, readInclude, options);
        return new IgnoreLoadResult(new IgnoreMatcher(lines, patterns), error);
    }

    public IgnoreResult Match(string name) => Match(name.AsSpan());

    /// <summary>
    /// Flags of the first pattern matching <paramref name="name"/> (canonical: relative to the folder root,
    /// slash-separated, NFC), or <see cref="IgnoreResult.NotMatched"/>. The root <c>.</c> never matches.
    /// Internal and temporary names are not special here; use <see cref="ShouldIgnore(string)"/> for that.
    /// </summary>
    public IgnoreResult Match(ReadOnlySpan<char> name)
    {
        if (_patterns.Length == 0 || name is ".")
        {
            return IgnoreResult.NotMatched;
        }

        if (!_anyCaseFolded)
        {
            return MatchCore(name, default);
        }

        // Lower-case once per call, only because some pattern folds case.
        char[]? rented = null;
        var lower = name.Length <= StackLowerCaseLimit
            ? stackalloc char[StackLowerCaseLimit]
            : (rented = ArrayPool<char>.Shared.Rent(name.Length));
        try
        {
            var written = name.ToLowerInvariant(lower);
            return MatchCore(name, lower[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// True when the item must never be synced: a temporary file, an internal name (<c>.stfolder</c>,
    /// <c>.stignore</c>, <c>.stversions</c> and below) or ignored by the patterns (1.19 <c>ShouldIgnore</c>).
    /// </summary>
    public bool ShouldIgnore(string name) =>
        InternalNames.IsTemporary(name) || InternalNames.IsInternal(name) || Match(name).IsIgnored;

    private IgnoreResult MatchCore(ReadOnlySpan<char> name, ReadOnlySpan<char> lowerName)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(pattern.IsCaseFolded ? lowerName : name))
            {
                return new IgnoreResult(pattern.Flags);
            }
        }

        return IgnoreResult.NotMatched;
    }

    private static string ComputeHash(IReadOnlyList<string> patterns)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var pattern in patterns)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(pattern + "\n"));
        }

        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>
    /// 1.19 rule: every pattern must allow skipping, except that a pattern equal to the previous considered
    /// pattern plus <c>/**</c> (the automatic directory expansion) is not considered.
    /// </summary>
    private static bool ComputeSkipIgnoredDirs(IgnorePattern[] patterns)
    {
        var previous = "";
        foreach (var pattern in patterns)
        {
            var text = pattern.Pattern;
            if (text.Length > 3 && text.AsSpan(0, text.Length - 3).SequenceEqual(previous))
            {
                continue;
            }

            if (!pattern.AllowsSkippingIgnoredDirs())
            {
                return false;
            }

            previous = text;
        }

        return true;
    }
}
