namespace Syncthing.Engine.Ignore;

/// <summary>
/// Slash-path arithmetic for <c>#include</c> targets with Go <c>path/filepath</c> semantics on Unix
/// (<c>Join</c> cleans, so <c>#include /x</c> from the root means <c>x</c> and <c>a/../b</c> means <c>b</c>).
/// </summary>
internal static class IncludePath
{
    /// <summary>All but the last element, cleaned; <c>.</c> when there is no directory part.</summary>
    public static string Directory(string path)
    {
        var slash = path.LastIndexOf('/');
        return Clean(slash < 0 ? "" : path[..(slash + 1)]);
    }

    public static string Join(string directory, string relative)
    {
        if (directory.Length == 0)
        {
            return Clean(relative);
        }

        return relative.Length == 0 ? Clean(directory) : Clean(directory + "/" + relative);
    }

    /// <summary>Lexical shortest form: collapses <c>//</c>, <c>.</c> and <c>x/..</c>; keeps leading <c>..</c>.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        if (rooted)
        {
            return "/" + joined;
        }

        return joined.Length == 0 ? "." : joined;
    }
}
