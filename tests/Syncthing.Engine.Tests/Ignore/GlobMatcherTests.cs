using Syncthing.Engine.Ignore;

namespace Syncthing.Engine.Tests.Ignore;

/// <summary>The glob dialect itself (gobwas/glob v0.2.3 with separator '/'), independent of .stignore rules.</summary>
public class GlobMatcherTests
{
    [Theory]
    // '*' never crosses '/', may be empty
    [InlineData("*", "abc", true)]
    [InlineData("*", "", true)]
    [InlineData("*", "a/b", false)]
    [InlineData("a*b", "ab", true)]
    [InlineData("a*b", "axyzb", true)]
    [InlineData("a*b", "ax/yb", false)]
    [InlineData("*.txt", "notes.txt", true)]
    [InlineData("*.txt", "dir/notes.txt", false)]
    [InlineData("*.txt", "notes.txt.bak", false)]
    [InlineData("a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", true)]
    // '**' crosses '/', may be empty
    [InlineData("**", "a/b/c", true)]
    [InlineData("**", "", true)]
    [InlineData("a**c", "ax/yc", true)]
    [InlineData("**/foo", "a/b/foo", true)]
    [InlineData("**/foo", "/foo", true)]
    [InlineData("**/foo", "foo", false)]
    [InlineData("**/foo", "a/xfoo", false)]
    [InlineData("foo/**", "foo/", true)]
    [InlineData("foo/**", "foo/a/b", true)]
    [InlineData("foo/**", "foo", false)]
    [InlineData("**/foo/**", "x/foo/y", true)]
    [InlineData("**/foo/**", "x/foox/y", false)]
    [InlineData("***", "a/b", true)]
    [InlineData("a/**/b", "a/b", false)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    // '?' is exactly one code point other than '/'
    [InlineData("a?b", "acb", true)]
    [InlineData("a?b", "ab", false)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("a?b", "axxb", false)]
    [InlineData("bb?", "bba", true)]
    [InlineData("bb?", "bbaa", false)]
    [InlineData("a?b", "a\U0001F600b", true)]
    [InlineData("a??b", "a\U0001F600b", false)]
    // classes: one range or a list, '!' negates, negated classes may match '/'
    [InlineData("[a-z]", "q", true)]
    [InlineData("[a-z]", "Q", false)]
    [InlineData("[!a-z]", "Q", true)]
    [InlineData("[!a-z]", "q", false)]
    [InlineData("[abc]", "b", true)]
    [InlineData("[abc]", "d", false)]
    [InlineData("[!abc]", "d", true)]
    [InlineData("[!abc]", "a", false)]
    [InlineData("a[!x]b", "a/b", true)]
    [InlineData("[^a]", "^", true)]
    [InlineData("[^a]", "b", false)]
    [InlineData("[ab-]", "-", true)]
    [InlineData("[-a]", "-", true)]
    [InlineData("[!!]", "!", false)]
    [InlineData("[!!]", "x", true)]
    [InlineData("[\\]]", "]", true)]
    [InlineData("[\\!a]", "!", true)]
    [InlineData("[\\!a]", "b", false)]
    [InlineData("t[eih]t", "tit", true)]
    [InlineData("[a-z]*[0-9]", "abc1", true)]
    [InlineData("[a-z]*[0-9]", "abc", false)]
    [InlineData("[\U0001F600-\U0001F602]", "\U0001F601", true)]
    [InlineData("[\U0001F600-\U0001F602]", "\U0001F603", false)]
    [InlineData("[äö]", "ö", true)]
    // escapes (Unix): backslash makes the next character literal
    [InlineData("\\*", "*", true)]
    [InlineData("\\*", "a", false)]
    [InlineData("\\?", "?", true)]
    [InlineData("\\?", "x", false)]
    [InlineData("\\[a]", "[a]", true)]
    [InlineData("\\[a]", "a", false)]
    [InlineData("a\\\\b", "a\\b", true)]
    [InlineData("\\{a,b}", "{a,b}", true)]
    [InlineData("foo\\", "foo", true)]
    [InlineData("a\\b", "ab", true)]
    // alternatives; ',' and '}' are literal outside braces; unclosed '{' closes at the end
    [InlineData("{a,b}", "a", true)]
    [InlineData("{a,b}", "c", false)]
    [InlineData("{a,b}c", "bc", true)]
    [InlineData("x{a,{b,c}}", "xc", true)]
    [InlineData("{a,}x", "x", true)]
    [InlineData("{a,b", "b", true)]
    [InlineData("{a\\,b}", "a,b", true)]
    [InlineData("{*.jpg,*.png}", "x.png", true)]
    [InlineData("{*.jpg,*.png}", "d/x.png", false)]
    [InlineData("a,b", "a,b", true)]
    [InlineData("a}b", "a}b", true)]
    [InlineData("a]b", "a]b", true)]
    // literals and Unicode
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "Foo", false)]
    [InlineData("foo", "foo2", false)]
    [InlineData("*ä*", "åäö", true)]
    [InlineData("lost+found", "lost+found", true)]
    [InlineData("(?i)x", "(Ai)x", true)]
    public void IsMatch_GlobSyntax_MatchesLikeGobwas(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GlobMatcher.Compile(pattern).IsMatch(name));

    [Theory]
    [InlineData("[")]
    [InlineData("[]")]
    [InlineData("[!]")]
    [InlineData("[a")]
    [InlineData("[a-")]
    [InlineData("[a-z")]
    [InlineData("[z-a]")]
    [InlineData("[a-c-e]")]
    [InlineData("a[b")]
    [InlineData("[\\")]
    [InlineData("[a-cx]")]
    public void Compile_InvalidGlob_Throws(string pattern) =>
        Assert.Throws<FormatException>(() => GlobMatcher.Compile(pattern));

    private static readonly string[] ShapePatterns =
    [
        "**/foo", "foo/**", "**/foo/**", "**/*.part", "*.part/**", "**/*.part/**", "a/*/b/**", "**/a/*",
        "x**/y/**", "**/a/b/*", "*/a/**", "*a/b**", "**/x*", "**x**", "a*b", "*", "**", "?", "{a,b}/**",
    ];

    private static readonly string[] ShapeNames =
    [
        "", "foo", "/foo", "x/foo", "foo/", "foo/x", "a/foo/b", "x.part", "d/x.part", "d/e/x.part", "x.part/y",
        "d/x.part/y/z", "a/b", "a/q/b/c", "a/q/b", "q/a/b/c", "q/a/x", "xa/b", "xa/bc", "x/y/z", "xy/y/q", "a",
        "ab", "a/", "/", "//", "b/c",
    ];

    [Fact]
    public void IsMatch_ShortcutShapes_AgreeWithFullAutomaton()
    {
        foreach (var pattern in ShapePatterns)
        {
            var fast = GlobMatcher.Compile(pattern);
            var full = GlobProgram.Compile(GlobParser.Parse(pattern));
            foreach (var name in ShapeNames)
            {
                Assert.True(full.IsMatch(name) == fast.IsMatch(name), $"pattern {pattern} name {name}");
            }
        }
    }

    [Fact]
    public void Compile_LoneSurrogate_Throws() =>
        Assert.Throws<FormatException>(() => GlobMatcher.Compile("x" + (char)0xD800 + "y"));
}
