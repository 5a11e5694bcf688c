using System.Buffers;
using System.Text;

namespace Syncthing.Engine.Ignore;

/// <summary>
/// A compiled glob. Matching is anchored at both ends and works on Unicode code points.
/// </summary>
/// <remarks>
/// Why not <see cref="System.Text.RegularExpressions.Regex"/>: a <c>.stignore</c> line expands into up to four
/// globs, each of which would need its own regex; the backtracking engines (including Compiled) are polynomial
/// in the number of <c>*</c> on adversarial names (names arrive from peers), NonBacktracking is costly to build,
/// and both work on UTF-16 units where gobwas works on code points (<c>?</c> must match one astral character).
/// Instead a literal prefix and suffix are checked with ordinal span compares (that alone decides the common
/// shapes <c>name</c>, <c>**/name</c>, <c>name/**</c>, <c>*.ext</c>), and only the remaining middle runs on a
/// small Pike VM (Thompson NFA simulation): linear in name length × program size, no backtracking, and no
/// allocation beyond a pooled scratch array.
/// </remarks>
internal sealed class GlobMatcher
{
    private readonly string _prefix;
    private readonly string _suffix;
    private readonly GlobProgram? _middle;
    private readonly MiddleShape _shape;
    private readonly string _infix;

    private enum MiddleShape
    {
        Empty,
        Super,
        Any,

        /// <summary><c>**t**</c>: the middle contains t.</summary>
        SuperTextSuper,

        /// <summary><c>**t*</c> with t ending in '/': t ends exactly at the middle's last '/'.</summary>
        SuperTextAny,

        /// <summary><c>*t**</c> with t containing '/': t's first '/' is the middle's first '/'.</summary>
        AnyTextSuper,
        Program,
    }

    private GlobMatcher(string prefix, string suffix, MiddleShape shape, GlobProgram? middle, string infix = "")
    {
        _infix = infix;
        _prefix = prefix;
        _suffix = suffix;
        _shape = shape;
        _middle = middle;
    }

    /// <summary>Compiles <paramref name="pattern"/>; throws <see cref="FormatException"/> when it is not a valid glob.</summary>
    public static GlobMatcher Compile(string pattern)
    {
        var nodes = GlobParser.Parse(pattern);
        var start = 0;
        var end = nodes.Count;
        var prefix = "";
        var suffix = "";
        if (end > 0 && nodes[0].Kind == GlobNodeKind.Text)
        {
            prefix = nodes[0].Text;
            start = 1;
        }

        if (end > start && nodes[end - 1].Kind == GlobNodeKind.Text)
        {
            suffix = nodes[end - 1].Text;
            end--;
        }

        var count = end - start;
        if (count == 0)
        {
            return new GlobMatcher(prefix, suffix, MiddleShape.Empty, null);
        }

        if (count == 1 && nodes[start].Kind is GlobNodeKind.Super or GlobNodeKind.Any)
        {
            var shape = nodes[start].Kind == GlobNodeKind.Super ? MiddleShape.Super : MiddleShape.Any;
            return new GlobMatcher(prefix, suffix, shape, null);
        }

        if (count == 3 && nodes[start + 1].Kind == GlobNodeKind.Text)
        {
            var infix = nodes[start + 1].Text;
            var (first, last) = (nodes[start].Kind, nodes[start + 2].Kind);
            if (first == GlobNodeKind.Super && last == GlobNodeKind.Super)
            {
                return new GlobMatcher(prefix, suffix, MiddleShape.SuperTextSuper, null, infix);
            }

            if (first == GlobNodeKind.Super && last == GlobNodeKind.Any && infix.EndsWith('/'))
            {
                return new GlobMatcher(prefix, suffix, MiddleShape.SuperTextAny, null, infix);
            }

            if (first == GlobNodeKind.Any && last == GlobNodeKind.Super && infix.Contains('/', StringComparison.Ordinal))
            {
                return new GlobMatcher(prefix, suffix, MiddleShape.AnyTextSuper, null, infix);
            }
        }

        var middle = new List<GlobNode>(count);
        for (var i = start; i < end; i++)
        {
            middle.Add(nodes[i]);
        }

        return new GlobMatcher(prefix, suffix, MiddleShape.Program, GlobProgram.Compile(middle));
    }

    public bool IsMatch(ReadOnlySpan<char> name)
    {
        if (name.Length < _prefix.Length + _suffix.Length
            || !name.StartsWith(_prefix, StringComparison.Ordinal)
            || !name.EndsWith(_suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name[_prefix.Length..(name.Length - _suffix.Length)];
        return _shape switch
        {
            MiddleShape.Empty => rest.IsEmpty,
            MiddleShape.Super => true,
            MiddleShape.Any => !rest.Contains('/'),
            MiddleShape.SuperTextSuper => rest.Contains(_infix, StringComparison.Ordinal),
            MiddleShape.SuperTextAny => rest[..(rest.LastIndexOf('/') + 1)].EndsWith(_infix, StringComparison.Ordinal),
            MiddleShape.AnyTextSuper => AnyTextSuperMatches(rest),
            _ => _middle!.IsMatch(rest),
        };
    }

    private bool AnyTextSuperMatches(ReadOnlySpan<char> rest)
    {
        // The '*' part holds no '/', so the infix's first '/' must be the middle's first '/'.
        var start = rest.IndexOf('/') - _infix.IndexOf('/', StringComparison.Ordinal);
        return start >= 0 && rest[start..].StartsWith(_infix, StringComparison.Ordinal);
    }
}
