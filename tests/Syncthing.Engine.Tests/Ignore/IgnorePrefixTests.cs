using Syncthing.Engine.Common;
using Syncthing.Engine.Ignore;
using static Syncthing.Engine.Tests.Ignore.IgnoreTestSupport;

namespace Syncthing.Engine.Tests.Ignore;

/// <summary>The (?i), (?d) and ! prefixes, and how lines expand into patterns.</summary>
public class IgnorePrefixTests
{
    [Theory]
    [InlineData("(?i)test", "test", true)]
    [InlineData("(?i)test", "TEST", true)]
    [InlineData("(?i)test", "tESt", true)]
    [InlineData("(?i)test", "a/TeSt/b", true)]
    [InlineData("(?i)TEST", "test", true)]
    [InlineData("test", "TEST", false)]
    [InlineData("test", "Test", false)]
    [InlineData("TEST", "test", false)]
    [InlineData("(?i)Foo[A-Z]", "FOOQ", true)]
    [InlineData("(?i)Foo[A-Z]", "foo1", false)]
    [InlineData("(?i)ÄBC", "äbc", true)]
    [InlineData("(?i)straße", "STRAßE", true)]
    [InlineData("(?i)*.JPG", "dir/Photo.Jpg", true)]
    [InlineData("(?i)!keep\n*", "KEEP", false)]
    [InlineData("!keep\n*", "KEEP", true)]
    public void Match_CaseFolding_OnlyWithPrefix(string stignore, string name, bool ignored) =>
        Assert.Equal(ignored, Compile(stignore).Match(name).IsIgnored);

    [Theory]
    [InlineData("test", "TEST", true)]
    [InlineData("A/B", "a/b", true)]
    [InlineData("c/d", "C/d", true)]
    [InlineData("!Keep\n*", "kEEP", false)]
    public void Match_FoldCaseByDefault_ActsAsMacAndWindows(string stignore, string name, bool ignored) =>
        Assert.Equal(ignored, Compile(stignore, new IgnoreOptions(FoldCaseByDefault: true)).Match(name).IsIgnored);

    [Fact]
    public void Match_LongNameWithCaseFolding_UsesPooledBufferCorrectly()
    {
        var matcher = Compile("(?i)" + new string('A', 300) + "*");
        Assert.True(matcher.Match(new string('a', 300) + "/" + new string('B', 200)).IsIgnored);
        Assert.False(matcher.Match(new string('a', 299) + "/" + new string('B', 200)).IsIgnored);
    }

    [Theory]
    [InlineData("(?d)ign1", "ign1", true, true)]
    [InlineData("(?d)(?i)ign2", "IGN2", true, true)]
    [InlineData("(?i)(?d)ign3", "ign3", true, true)]
    [InlineData("!(?d)ign4", "ign4", false, false)]
    [InlineData("!ign5", "ign5", false, false)]
    [InlineData("!(?i)(?d)ign6", "IGN6", false, false)]
    [InlineData("ign7", "ign7", true, false)]
    [InlineData("(?i)ign8", "ign8", true, false)]
    [InlineData("(?d).DS_Store", "photos/.DS_Store", true, true)]
    [InlineData("(?d)tmp/", "tmp/x", true, true)]
    [InlineData("(?d)a\nb", "b", true, false)]
    [InlineData("a\n(?d)a", "a", true, false)]
    [InlineData("(?d)nothing", "other", false, false)]
    public void Match_Deletable_OnlyForIgnoredItemsWithPrefix(string stignore, string name, bool ignored, bool deletable)
    {
        var result = Compile(stignore).Match(name);
        Assert.Equal(ignored, result.IsIgnored);
        Assert.Equal(deletable, result.IsDeletable);
    }

    [Theory]
    [InlineData("(?i)(?d)!ign")]
    [InlineData("(?d)(?i)!ign")]
    [InlineData("(?i)!(?d)ign")]
    [InlineData("(?d)!(?i)ign")]
    [InlineData("!(?i)(?d)ign")]
    [InlineData("!(?d)(?i)ign")]
    public void Load_PrefixesInAnyOrder_AreEquivalent(string line)
    {
        var matcher = Compile(line);
        Assert.Equal("(?d)(?i)!ign", matcher.Patterns[0]);
        var result = matcher.Match("IGN");
        Assert.False(result.IsIgnored);
        Assert.False(result.IsDeletable);
        Assert.True(result.IsCaseFolded);
    }

    [Theory]
    // a repeated prefix stops prefix parsing; the rest is glob text ('?' = one character)
    [InlineData("!!x", "!!x", "!x", false)]
    [InlineData("(?d)(?d)!ign", "(?d)(?d)!ign", "(?d)!ign", true)]
    [InlineData("(?i)(?i)x", "(?i)(?i)x", "(zi)x", true)]
    [InlineData("(?di)x", "(?di)x", "(zdi)x", true)]
    [InlineData("(?I)x", "(?I)x", "(zI)x", true)]
    public void Load_RepeatedOrUnknownPrefix_BecomesGlobText(string line, string firstPattern, string name, bool ignored)
    {
        var matcher = Compile(line);
        Assert.Equal(firstPattern, matcher.Patterns[0]);
        Assert.Equal(ignored, matcher.Match(name).IsIgnored);
    }

    [Theory]
    [InlineData("foo", "foo|**/foo|foo/**|**/foo/**")]
    [InlineData("/foo", "/foo|/foo/**")]
    [InlineData("foo/", "foo/**|**/foo/**")]
    [InlineData("foo/**", "foo/**|**/foo/**")]
    [InlineData("/foo/", "/foo/**")]
    [InlineData("**/bar", "**/bar|bar|**/bar/**|bar/**")]
    [InlineData("(?d)(?i)*.Part", "(?d)(?i)*.part|(?d)(?i)**/*.part|(?d)(?i)*.part/**|(?d)(?i)**/*.part/**")]
    [InlineData("(?d)(?i)/foo", "(?d)(?i)/foo|(?d)(?i)/foo/**")]
    [InlineData("!/a", "!/a|!/a/**")]
    [InlineData("/", "/**")]
    [InlineData("**", "**|**/**|**/**|**")]
    [InlineData("#snapshot", "#snapshot|**/#snapshot|#snapshot/**|**/#snapshot/**")]
    [InlineData("a/b/", "a/b/**|**/a/b/**")]
    [InlineData("foo\nfoo", "foo|**/foo|foo/**|**/foo/**")]
    [InlineData("  !x  ", "!x|!**/x|!x/**|!**/x/**")]
    public void Patterns_ExpandLikeOneNineteen(string stignore, string expanded) =>
        Assert.Equal(expanded.Split('|'), Compile(stignore).Patterns);

    [Fact]
    public void Patterns_FoldCaseByDefault_ShowsPrefix() =>
        Assert.Equal(["(?i)/foo", "(?i)/foo/**"], Compile("/Foo", new IgnoreOptions(true)).Patterns);
}
