using System.Text;

namespace Syncthing.Engine.Ignore;

/// <summary>
/// Reads <c>.stignore</c> text and its <c>#include</c>d files into expanded patterns, following Syncthing 1.19
/// (<c>lib/ignore</c>) rule for rule:
/// <list type="bullet">
/// <item>Lines split on LF (a CR before it is dropped) and trimmed; a line already seen anywhere in this load
/// (root or included file) is skipped, so only its first occurrence counts.</item>
/// <item>Empty lines and lines starting with <c>//</c> are comments; <c>#</c> lines other than
/// <c>#include</c> are ordinary patterns.</item>
/// <item><c>#include path</c>: path relative to the directory of the including file; the included patterns are
/// still relative to the folder root. A missing file, a file included twice (under a different line text) or an
/// unusable pattern inside it is an error.</item>
/// <item><c>x/**</c> is kept, <c>x/</c> becomes <c>x/**</c>, anything else <c>x</c> also adds <c>x/**</c>.</item>
/// <item>On any error the load yields no patterns at all (1.19 discards them), but the root lines are kept.</item>
/// </list>
/// Deliberate differences: patterns are NFC-normalised (names are canonically NFC, so an NFD pattern typed on
/// macOS still matches); a leading byte-order mark is dropped; the root file itself is never counted as
/// "already included" (as in 1.19, so <c>#include .stignore</c> is a harmless no-op).
/// </summary>
internal sealed class IgnoreFileParser
{
    /// <summary>Longest line accepted, as Go's line scanner (64 KiB) before it fails.</summary>
    public const int MaxLineLength = 64 * 1024;

    private const string IncludeDirective = "#include";

    private readonly Func<string, string?> _readInclude;
    private readonly IgnoreOptions _options;
    private readonly HashSet<string> _linesSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _included = new(StringComparer.Ordinal);

    private IgnoreFileParser(Func<string, string?> readInclude, IgnoreOptions options)
    {
        _readInclude = readInclude;
        _options = options;
    }

    /// <summary>
    /// Parses the root ignore file. <paramref name="readInclude"/> gets a cleaned, slash-separated path relative
    /// to the folder root (it may start with <c>../</c>) and returns the file's text, or null when it does not exist.
    /// </summary>
    public static (IReadOnlyList<string> Lines, IReadOnlyList<IgnorePattern> Patterns, IgnoreParseException? Error) Parse(
        string? rootText, string rootFile, Func<string, string?> readInclude, IgnoreOptions options)
    {
        var parser = new IgnoreFileParser(readInclude, options);
        var lines = SplitLines(rootText ?? "", out var lineError);
        if (lineError is not null)
        {
            return ([], [], lineError);
        }

        var patterns = new List<IgnorePattern>();
        var error = parser.ParseLines(lines, rootFile, patterns);
        return error is null ? (lines, patterns, null) : (lines, [], error);
    }

    /// <summary>Splits like Go's bufio line scanner (no empty final line after a trailing LF), then trims.</summary>
    internal static IReadOnlyList<string> SplitLines(string text, out IgnoreParseException? error)
    {
        error = null;
        var lines = new List<string>();
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            if (end < 0)
            {
                end = text.Length;
            }

            if (end - start > MaxLineLength)
            {
                error = new IgnoreParseException($"line {lines.Count + 1} is longer than {MaxLineLength} characters");
                return [];
            }

            lines.Add(text[start..end].Trim());
            start = next;
        }

        return lines;
    }

    private IgnoreParseException? ParseLines(IReadOnlyList<string> lines, string currentFile, List<IgnorePattern> patterns)
    {
        foreach (var line in lines)
        {
            if (!_linesSeen.Add(line) || line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var error = line.StartsWith(IncludeDirective, StringComparison.Ordinal)
                ? Include(line, currentFile, patterns)
                : AddLine(line, patterns);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private IgnoreParseException? AddLine(string line, List<IgnorePattern> patterns)
    {
        if (line.EndsWith("/**", StringComparison.Ordinal))
        {
            return AddPattern(line, patterns);
        }

        if (line.EndsWith('/'))
        {
            return AddPattern(line + "**", patterns);
        }

        return AddPattern(line, patterns) ?? AddPattern(line + "/**", patterns);
    }

    private IgnoreParseException? AddPattern(string line, List<IgnorePattern> patterns)
    {
        try
        {
            patterns.AddRange(IgnoreLineCompiler.Compile(line, _options));
            return null;
        }
        catch (FormatException ex)
        {
            return new IgnoreParseException($"invalid pattern \"{line}\" in ignore file: {ex.Message}", ex);
        }
    }

    private IgnoreParseException? Include(string line, string currentFile, List<IgnorePattern> patterns)
    {
        // 1.19 splits on the first space only: "#include\tx" has no file, "#includes x" includes "x".
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var relative = space < 0 ? "" : line[(space + 1)..].Trim();
        if (relative.Length == 0)
        {
            return new IgnoreParseException("failed to parse #include line: no file?");
        }

        var file = IncludePath.Join(IncludePath.Directory(currentFile), relative);
        if (!_included.Add(file))
        {
            return new IgnoreParseException($"failed to load include file {file}: multiple include of ignore file \"{file}\"");
        }

        string? text;
        try
        {
            text = _readInclude(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new IgnoreParseException($"failed to load include file {file}: {ex.Message}", ex);
        }

        if (text is null)
        {
            return new IgnoreParseException($"failed to load include file {file}: file does not exist");
        }

        var lines = SplitLines(text, out var lineError);
        var error = lineError ?? ParseLines(lines, file, patterns);
        return error is null ? null : new IgnoreParseException($"failed to load include file {file}: {error.Message}", error);
    }
}
