using static Syncthing.Engine.Tests.Ignore.IgnoreTestSupport;

namespace Syncthing.Engine.Tests.Ignore;

/// <summary>Which names a .stignore ignores: depth, rooting, directories, negation order, edge cases.</summary>
public class IgnoreMatcherTests
{
    [Theory]
    [InlineData("// foo")]
    [InlineData("//bar")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\n")]
    [InlineData("//!baz\n//#dex\n\t//   spaced")]
    [InlineData("   // indented comment")]
    [InlineData("\r\n// crlf\r\n\r\n")]
    public void Load_OnlyCommentsAndBlanks_HasNoPatterns(string text)
    {
        var matcher = Compile(text);
        Assert.Empty(matcher.Patterns);
        Assert.False(matcher.Match("foo").IsIgnored);
    }

    [Theory]
    // unrooted name: at any depth, and everything below it
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "a/foo", true)]
    [InlineData("foo", "a/b/foo", true)]
    [InlineData("foo", "foo/bar", true)]
    [InlineData("foo", "a/foo/bar/baz", true)]
    [InlineData("foo", "foobar", false)]
    [InlineData("foo", "afoo", false)]
    [InlineData("foo", "a/foobar", false)]
    // rooted: only at the folder root
    [InlineData("/foo", "foo", true)]
    [InlineData("/foo", "foo/x", true)]
    [InlineData("/foo", "a/foo", false)]
    [InlineData("/ffile", "dir1/ffile", false)]
    // a slash inside an unrooted pattern still matches at any depth
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "x/a/b", true)]
    [InlineData("a/b", "a/b/c", true)]
    [InlineData("a/b", "a/bc", false)]
    [InlineData("/a/b", "x/a/b", false)]
    [InlineData("/a/b", "a/b/c", true)]
    // explicit **/ prefix
    [InlineData("**/efile", "efile", true)]
    [InlineData("**/efile", "dir/efile", true)]
    [InlineData("**/efile", "dir/efile/x", true)]
    // globs at any depth
    [InlineData("*.tmp", "x.tmp", true)]
    [InlineData("*.tmp", "d/e/x.tmp", true)]
    [InlineData("*.tmp", "x.tmp/child", true)]
    [InlineData("*.tmp", "x.tmpl", false)]
    [InlineData("i*2", "ibla2", true)]
    [InlineData("i*2", "foo/bar/ign2", true)]
    [InlineData("*2", "bar2/baz", true)]
    // '*' and '**' at the root
    [InlineData("*", "a", true)]
    [InlineData("*", "a/b/c", true)]
    [InlineData("/*", "b", true)]
    [InlineData("/*", "a/b", true)]
    [InlineData("**", "a/b/c", true)]
    [InlineData("/**", "x/y", true)]
    public void Match_RootedAndUnrooted_FollowsDepthRules(string stignore, string name, bool ignored) =>
        Assert.Equal(ignored, Compile(stignore).Match(name).IsIgnored);

    [Theory]
    [InlineData("foo/", "foo", false)]
    [InlineData("foo/", "foo/bar", true)]
    [InlineData("foo/", "a/foo/bar", true)]
    [InlineData("foo/**", "foo", false)]
    [InlineData("foo/**", "foo/x", true)]
    [InlineData("foo/**", "a/foo/x/y", true)]
    [InlineData("/foo/", "foo", false)]
    [InlineData("/foo/", "foo/x", true)]
    [InlineData("/foo/", "a/foo/x", false)]
    [InlineData("foo", "foo/a/b/c/d", true)]
    [InlineData("dir3", "dir3/afile", true)]
    [InlineData("/", "anything", true)]
    [InlineData("/", "deep/down/file", true)]
    [InlineData("a/b/", "a/b", false)]
    [InlineData("a/b/", "x/a/b/c", true)]
    public void Match_DirectoryPatterns_CoverContents(string stignore, string name, bool ignored) =>
        Assert.Equal(ignored, Compile(stignore).Match(name).IsIgnored);

    private const string Excludes = "!iex2\n!ign1/ex\nign1\ni*2\n!ign2";
    private const string DocsExample = "(?d).DS_Store\n!frobble\n!quuz\nfoo\n*2\nqu*\n(?i)my pictures";

    [Theory]
    [InlineData(Excludes, "ign1", true)]
    [InlineData(Excludes, "ign2", true)]
    [InlineData(Excludes, "ibla2", true)]
    [InlineData(Excludes, "iex2", false)]
    [InlineData(Excludes, "ign1/ign", true)]
    [InlineData(Excludes, "ign1/ex", false)]
    [InlineData(Excludes, "ign1/iex2", false)]
    [InlineData(Excludes, "iex2/ign", false)]
    [InlineData(Excludes, "foo/bar/ign1", true)]
    [InlineData(Excludes, "foo/bar/iex2", false)]
    [InlineData("foo\n!foo", "foo", true)]
    [InlineData("!foo\nfoo", "foo", false)]
    [InlineData("!foo\nfoo", "x/foo/y", false)]
    [InlineData("*.log\n!important.log", "important.log", true)]
    [InlineData("!important.log\n*.log", "important.log", false)]
    [InlineData("!important.log\n*.log", "debug.log", true)]
    [InlineData("!/a\n/*", "a", false)]
    [InlineData("!/a\n/*", "a/child", false)]
    [InlineData("!/a\n/*", "b", true)]
    [InlineData("!/a\n/*", "b/a", true)]
    [InlineData("!/a\n*", "x/a", true)]
    [InlineData(DocsExample, "foofoo", false)]
    [InlineData(DocsExample, "foo", true)]
    [InlineData(DocsExample, "bar/quux", true)]
    [InlineData(DocsExample, "bar/quuz", false)]
    [InlineData(DocsExample, "bar2", true)]
    [InlineData(DocsExample, "bar2/baz", true)]
    [InlineData(DocsExample, "bar2/frobble", false)]
    [InlineData(DocsExample, "My Pictures", true)]
    [InlineData(DocsExample, "x/.DS_Store", true)]
    public void Match_Negation_FirstMatchingPatternWins(string stignore, string name, bool ignored) =>
        Assert.Equal(ignored, Compile(stignore).Match(name).IsIgnored);

    [Theory]
    [InlineData("#snapshot", "#snapshot", true)]
    [InlineData("#snapshot", "#snapshot/foo", true)]
    [InlineData("# not a comment", "# not a comment", true)]
    [InlineData("foo,bar.txt", "foo,bar.txt", true)]
    [InlineData("foo,bar.txt", "foo.txt", false)]
    [InlineData("{baz,quux}.txt", "quux.txt", true)]
    [InlineData("{baz,quux}.txt", "baz,quux.txt", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("\\#include x", "#include x", true)]
    [InlineData("My Pictures", "My Pictures", true)]
    [InlineData("   foo   \t", "foo", true)]
    [InlineData("foo \\ ", "foo ", true)]
    [InlineData("lost+found", "lost+found", true)]
    [InlineData("a[!x]b", "a/b", true)]
    [InlineData("**", ".", false)]
    [InlineData("*", ".", false)]
    [InlineData("\uFEFFfoo", "foo", true)]
    [InlineData("(?i)/#recycle\n(?i)/$Recycle.bin", "$RECYCLE.BIN/S-1-5-18/desktop.ini", true)]
    public void Match_EdgeCases_FollowOneNineteen(string stignore, string name, bool ignored) =>
        Assert.Equal(ignored, Compile(stignore).Match(name).IsIgnored);

    [Fact]
    public void Match_EmptyFile_IgnoresNothingAndHashesEmpty()
    {
        var matcher = Compile("");
        Assert.False(matcher.Match("anything").IsIgnored);
        Assert.Empty(matcher.Lines);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", matcher.Hash);
    }

    [Fact]
    public void Load_MissingRootFile_IsEmptyWithoutError()
    {
        var result = Syncthing.Engine.Ignore.IgnoreMatcher.Load(null, _ => null);
        Assert.True(result.IsSuccess);
        Assert.Empty(result.Matcher.Lines);
        Assert.Empty(result.Matcher.Patterns);
    }

    [Fact]
    public void Match_SameMatcherFromManyThreads_GivesSameAnswers()
    {
        var matcher = Compile("!keep/**\n(?i)*.JPG\nbuild/");
        Parallel.For(0, 64, i =>
        {
            Assert.True(matcher.Match($"d{i}/IMG.jpg").IsIgnored);
            Assert.False(matcher.Match($"keep/d{i}/x.jpg").IsIgnored);
            Assert.True(matcher.Match($"build/{i}").IsIgnored);
        });
    }
}
