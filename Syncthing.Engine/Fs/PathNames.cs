using System.Text;

namespace Syncthing.Engine.Fs;

/// <summary>
/// Rules for the names every <see cref="IFileSystem"/> method takes: relative to the folder root, '/'-separated,
/// Unicode NFC and already clean in the sense of Go's <c>path.Clean</c> (brief §3.4, §14 item 6). The folder root
/// itself is <see cref="Root"/> (the empty string), accepted only where a directory is meant.
/// </summary>
internal static class PathNames
{
    /// <summary>The folder root, for the methods that accept a directory.</summary>
    public const string Root = "";

    /// <summary>
    /// Null when <paramref name="name"/> is a canonical wire name; otherwise a short, precise reason. Stricter than
    /// Syncthing 1.19 in three ways: control characters, backslashes and unpaired surrogates are refused too (1.19
    /// only requires <see cref="IsSyncthingCanonical"/>), so a caller facing a peer should skip such an item rather
    /// than drop the connection unless <see cref="IsSyncthingCanonical"/> also fails.
    /// </summary>
    public static string? ValidateWireName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "name is empty";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '\0')
            {
                return $"contains a NUL character at index {i}";
            }

            if (char.IsControl(c))
            {
                return $"contains control character U+{(int)c:X4} at index {i}";
            }

            if (c == '\\')
            {
                return $"contains a backslash at index {i}";
            }

            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"contains an unpaired surrogate at index {i}";
            }
        }

        if (name[0] == '/')
        {
            return "name is absolute (starts with '/')";
        }

        if (name[^1] == '/')
        {
            return "name has a trailing '/'";
        }

        if (name.Contains("//", StringComparison.Ordinal))
        {
            return "name contains an empty component ('//')";
        }

        foreach (var component in name.Split('/'))
        {
            if (component == "..")
            {
                return "name contains a '..' component";
            }

            if (component == ".")
            {
                return "name contains a '.' component";
            }
        }

        if (!name.IsNormalized(NormalizationForm.FormC))
        {
            return "name is not in Unicode normalization form C";
        }

        // Unreachable after the checks above, kept as the definition the checks implement.
        return GoPathClean(name) == name ? null : "name is not clean";
    }

    /// <summary>True when <paramref name="name"/> passes <see cref="ValidateWireName"/>.</summary>
    public static bool IsValidWireName(string? name) => ValidateWireName(name) is null;

    /// <summary>
    /// Exactly the 1.19 receive-side rule: <c>path.Clean(name) == name</c>, not "", "." or "..", and not starting
    /// with "/" or "../". A name failing this makes 1.19 close the connection.
    /// </summary>
    public static bool IsSyncthingCanonical(string? name) =>
        !string.IsNullOrEmpty(name) && name != "." && name != ".." &&
        !name.StartsWith('/') && !name.StartsWith("../", StringComparison.Ordinal) && GoPathClean(name) == name;

    /// <summary>
    /// Converts a relative path as the operating system spells it into wire form: the platform separator becomes
    /// '/', and the text is normalised to NFC. It does not validate; call <see cref="ValidateWireName"/> after.
    /// </summary>
    public static string ToCanonical(string nativeRelativePath)
    {
        ArgumentNullException.ThrowIfNull(nativeRelativePath);
        var slashed = Path.DirectorySeparatorChar == '/'
            ? nativeRelativePath
            : nativeRelativePath.Replace(Path.DirectorySeparatorChar, '/');
        return IsWellFormedUtf16(slashed) ? slashed.Normalize(NormalizationForm.FormC) : slashed;
    }

    /// <summary>The parent directory of a canonical name; <see cref="Root"/> for a top-level name.</summary>
    public static string Parent(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? Root : name[..slash];
    }

    /// <summary>The last component of a canonical name.</summary>
    public static string FileName(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? name : name[(slash + 1)..];
    }

    /// <summary>Joins a directory (possibly <see cref="Root"/>) and one component.</summary>
    public static string Join(string directory, string component) =>
        directory.Length == 0 ? component : directory + "/" + component;

    /// <summary>The components of a canonical name; none for <see cref="Root"/>.</summary>
    public static string[] Components(string name) => name.Length == 0 ? [] : name.Split('/');

    /// <summary>
    /// Go's <c>path.Clean</c>: drops empty and "." components, resolves ".." lexically (kept at the start of a
    /// relative path, dropped at the root of an absolute one), and returns "." for an empty result.
    /// </summary>
    public static string GoPathClean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var kept = new List<string>();
        var leadingDotDots = 0;
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (kept.Count > 0)
                {
                    kept.RemoveAt(kept.Count - 1);
                }
                else if (!rooted)
                {
                    leadingDotDots++;
                }

                continue;
            }

            kept.Add(part);
        }

        var all = Enumerable.Repeat("..", leadingDotDots).Concat(kept);
        var joined = string.Join('/', all);
        if (rooted)
        {
            return "/" + joined;
        }

        return joined.Length == 0 ? "." : joined;
    }

    /// <summary>
    /// Syncthing's case-folding key (<c>UnicodeLowercaseNormalized</c>): every rune becomes lower(upper(rune)),
    /// then the result is normalised to NFC.
    /// </summary>
    public static string CaseFoldKey(string component)
    {
        var builder = new StringBuilder(component.Length);
        foreach (var rune in component.EnumerateRunes())
        {
            builder.Append(Rune.ToLowerInvariant(Rune.ToUpperInvariant(rune)).ToString());
        }

        var folded = builder.ToString();
        return IsWellFormedUtf16(folded) ? folded.Normalize(NormalizationForm.FormC) : folded;
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal static string Describe(string name) => name.Length == 0 ? "(folder root)" : name;
}
