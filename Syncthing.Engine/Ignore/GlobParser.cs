using System.Text;

namespace Syncthing.Engine.Ignore;

/// <summary>
/// Parses one glob in the syntax of gobwas/glob v0.2.3 (what Syncthing 1.19 compiles <c>.stignore</c> patterns
/// with, separator <c>/</c>). Facts reproduced, not code:
/// <list type="bullet">
/// <item><c>\x</c> makes any <c>x</c> literal, inside and outside classes; a trailing lone <c>\</c> is dropped.</item>
/// <item><c>{</c> opens alternatives; <c>,</c> and <c>}</c> are only special inside them; an unclosed <c>{</c>
/// is closed implicitly at the end (no error).</item>
/// <item><c>***</c> is <c>**</c> followed by <c>*</c>.</item>
/// <item>A class is either exactly one range <c>[x-y]</c> or a list of code points; <c>!</c> right after
/// <c>[</c> negates it (<c>^</c> does not); a <c>-</c> anywhere else in a list is literal; <c>]</c> cannot
/// be in a list unless escaped; <c>[]</c>, <c>[!]</c>, an unclosed class and a range with hi &lt; lo are errors.</item>
/// </list>
/// </summary>
internal static class GlobParser
{
    private const char Escape = '\\';

    /// <summary>Parses <paramref name="pattern"/>; throws <see cref="FormatException"/> with gobwas' reason.</summary>
    public static IReadOnlyList<GlobNode> Parse(string pattern)
    {
        if (!IsWellFormedUtf16(pattern))
        {
            throw new FormatException("could not read rune");
        }

        var root = new List<GlobNode>();
        var current = root;
        var open = new Stack<(List<GlobNode> Parent, List<IReadOnlyList<GlobNode>> Branches)>();
        var pos = 0;

        while (pos < pattern.Length)
        {
            var c = pattern[pos];
            var inTerms = open.Count > 0;
            switch (c)
            {
                case '{':
                    pos++;
                    var first = new List<GlobNode>();
                    open.Push((current, [first]));
                    current = first;
                    break;
                case ',' when inTerms:
                    pos++;
                    current = [];
                    open.Peek().Branches.Add(current);
                    break;
                case '}' when inTerms:
                    pos++;
                    current = CloseAlternatives(open.Pop());
                    break;
                case '[':
                    pos++;
                    Append(current, ParseClass(pattern, ref pos));
                    break;
                case '?':
                    pos++;
                    Append(current, GlobNode.SingleNode);
                    break;
                case '*':
                    pos++;
                    if (pos < pattern.Length && pattern[pos] == '*')
                    {
                        pos++;
                        Append(current, GlobNode.SuperNode);
                    }
                    else
                    {
                        Append(current, GlobNode.AnyNode);
                    }

                    break;
                default:
                    var text = ReadText(pattern, ref pos, inTerms ? "?*[{},".AsSpan() : "?*[{".AsSpan());
                    if (text.Length > 0)
                    {
                        Append(current, GlobNode.Literal(text));
                    }

                    break;
            }
        }

        while (open.Count > 0)
        {
            CloseAlternatives(open.Pop());
        }

        return root;
    }

    private static List<GlobNode> CloseAlternatives((List<GlobNode> Parent, List<IReadOnlyList<GlobNode>> Branches) frame)
    {
        frame.Parent.Add(GlobNode.OneOf(frame.Branches));
        return frame.Parent;
    }

    /// <summary>Adds a node, merging adjacent literals so prefix/suffix extraction sees whole literals.</summary>
    private static void Append(List<GlobNode> sequence, GlobNode node)
    {
        if (node.Kind == GlobNodeKind.Text && sequence.Count > 0 && sequence[^1].Kind == GlobNodeKind.Text)
        {
            sequence[^1] = GlobNode.Literal(sequence[^1].Text + node.Text);
            return;
        }

        sequence.Add(node);
    }

    /// <summary>Reads literal text up to an unescaped breaker (not consumed) or the end.</summary>
    private static string ReadText(string pattern, ref int pos, ReadOnlySpan<char> breakers)
    {
        var sb = new StringBuilder();
        var escaped = false;
        for (; pos < pattern.Length; pos++)
        {
            var c = pattern[pos];
            if (!escaped)
            {
                if (c == Escape)
                {
                    escaped = true;
                    continue;
                }

                if (breakers.Contains(c))
                {
                    break;
                }
            }

            escaped = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Parses what follows a <c>[</c> up to and including its <c>]</c>.</summary>
    private static GlobNode ParseClass(string pattern, ref int pos)
    {
        var negated = false;
        if (pos < pattern.Length && pattern[pos] == '!')
        {
            negated = true;
            pos++;
        }

        var low = ReadCodePoint(pattern, ref pos);
        if (pos < pattern.Length && pattern[pos] == '-')
        {
            pos++;
            var high = ReadCodePoint(pattern, ref pos);
            ExpectClose(pattern, ref pos);
            if (high < low)
            {
                throw new FormatException($"hi character '{char.ConvertFromUtf32(high)}' should be greater than lo '{char.ConvertFromUtf32(low)}'");
            }

            return GlobNode.CharRange(low, high, negated);
        }

        // Not a range: re-read from the first member as escaped text up to ']'.
        pos -= char.ConvertFromUtf32(low).Length;
        var chars = ReadText(pattern, ref pos, "]".AsSpan());
        ExpectClose(pattern, ref pos);
        if (chars.Length == 0)
        {
            throw new FormatException("could not parse range");
        }

        return GlobNode.CharList(chars, negated);
    }

    private static int ReadCodePoint(string pattern, ref int pos)
    {
        if (pos >= pattern.Length)
        {
            throw new FormatException("unexpected end of input");
        }

        var cp = char.ConvertToUtf32(pattern, pos);
        pos += cp > 0xFFFF ? 2 : 1;
        return cp;
    }

    private static void ExpectClose(string pattern, ref int pos)
    {
        if (pos >= pattern.Length)
        {
            throw new FormatException("unexpected end of input");
        }

        if (pattern[pos] != ']')
        {
            throw new FormatException("expected close range character");
        }

        pos++;
    }

    private static bool IsWellFormedUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
