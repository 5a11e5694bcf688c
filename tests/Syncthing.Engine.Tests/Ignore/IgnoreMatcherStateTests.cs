using Syncthing.Engine.Ignore;
using static Syncthing.Engine.Tests.Ignore.IgnoreTestSupport;

namespace Syncthing.Engine.Tests.Ignore;

/// <summary>Hash, SkipIgnoredDirs, raw lines and line endings, NFC, parse errors, internal names.</summary>
public class IgnoreMatcherStateTests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("// only a comment\n\n", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("foo", "a6406e825b84f31b9e62578a2c3f783f65202185cc3f00ca147e28e1cb01129a")]
    [InlineData("// comment\r\n  foo  \r\nfoo\r\n", "a6406e825b84f31b9e62578a2c3f783f65202185cc3f00ca147e28e1cb01129a")]
    [InlineData("!(?i)(?d)/X", "a210ecc3f9fdabdbcacf7a93efa5f8c8912488216302fe81d00f16220be806e1")]
    public void Hash_IsSha256OfExpandedPatternLines(string stignore, string hash) =>
        Assert.Equal(hash, Compile(stignore).Hash);

    [Fact]
    public void Hash_SamePatternsViaInclude_AreEqual_DifferentPatterns_Differ()
    {
        var files = new Dictionary<string, string> { ["excludes"] = "dir2/dfile\n#include more", ["more"] = "dir3" };
        var viaInclude = Load("#include excludes\nbfile\n/ffile", files).GetMatcherOrThrow();
        var flat = Compile("dir2/dfile\ndir3\nbfile\n/ffile");
        var other = Compile("dir2/dfile\nbfile\n/ffile");
        Assert.Equal(flat.Hash, viaInclude.Hash);
        Assert.NotEqual(flat.Hash, other.Hash);
        Assert.NotEqual(flat.Hash, Compile("dir3\ndir2/dfile\nbfile\n/ffile").Hash);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("ign1\ni*2", true)]
    [InlineData("!/test", true)]
    [InlineData("!/t[eih]t", true)]
    [InlineData("!/t*t", true)]
    [InlineData("!/t?t", true)]
    [InlineData("!/**", true)]
    [InlineData("(?i)!/Foo", true)]
    [InlineData("!/parent/test", false)]
    [InlineData("!/parent/t*t", false)]
    [InlineData("!/**.mp3", false)]
    [InlineData("!/pa*nt/test", false)]
    [InlineData("!/lo*st/parent/test", false)]
    [InlineData("!/foo/", false)]
    [InlineData("!foo", false)]
    [InlineData("!**/foo", false)]
    [InlineData("/pa*nt/test", true)]
    [InlineData("test", true)]
    [InlineData("*", true)]
    [InlineData("/foo/ign*\n!/f*\n!/bar\n*", true)]
    [InlineData("!/foo/ign*\n*", false)]
    [InlineData("!iex2\n!ign1/ex\nign1\ni*2\n!ign2", false)]
    [InlineData("(?d).DS_Store\n!frobble\nfoo", false)]
    public void SkipIgnoredDirs_OnlyWhenNoNegationCanReachBelow(string stignore, bool skip) =>
        Assert.Equal(skip, Compile(stignore).SkipIgnoredDirs);

    [Theory]
    [InlineData("", "")]
    [InlineData("\n", "")]
    [InlineData("a", "a")]
    [InlineData("a\n", "a")]
    [InlineData("a\r\nb", "a|b")]
    [InlineData("a\r\nb\r\n", "a|b")]
    [InlineData("\n\t#include x\n\n\t!/a\n\t/*\n\t!/a\n\t", "|#include x||!/a|/*|!/a|")]
    [InlineData("// c\n\nfoo", "// c||foo")]
    [InlineData("  padded\t\r\n", "padded")]
    [InlineData("a\na", "a|a")]
    public void Lines_AreTrimmedRootLinesIncludingCommentsAndDuplicates(string stignore, string lines)
    {
        var result = IgnoreMatcher.Load(stignore, _ => "");
        var expected = stignore.Length == 0 ? [] : lines.Split('|');
        Assert.Equal(expected, result.Matcher.Lines);
    }

    [Theory]
    [InlineData("foo\r\nbar\r\n", "bar", true)]
    [InlineData("foo\r\nbar\r\n", "foo", true)]
    [InlineData("foo\rbar", "foo", false)]
    [InlineData("a/\r\n", "a/x", true)]
    public void Match_CrLfLineEndings_AreStripped(string stignore, string name, bool ignored) =>
        Assert.Equal(ignored, Compile(stignore).Match(name).IsIgnored);

    [Theory]
    [InlineData("cafe\u0301", "caf\u00e9", true)]
    [InlineData("caf\u00e9", "caf\u00e9", true)]
    [InlineData("(?i)CAFE\u0301", "caf\u00e9", true)]
    [InlineData("/A\u030a*", "\u00c5ngstr\u00f6m", true)]
    [InlineData("*\u00e4*", "\u00e5\u00e4\u00f6", true)]
    [InlineData("o\u0308", "o", false)]
    public void Match_PatternsAreNfcNormalised(string stignore, string name, bool ignored) =>
        Assert.Equal(ignored, Compile(stignore).Match(name).IsIgnored);

    [Theory]
    [InlineData("[")]
    [InlineData("/[")]
    [InlineData("**/[")]
    [InlineData("foo[")]
    [InlineData("[z-a]")]
    [InlineData("!")]
    [InlineData("(?i)")]
    [InlineData("(?d)")]
    [InlineData("!(?i)(?d)")]
    [InlineData("foo\n[")]
    [InlineData("#include nonexistent")]
    public void Load_InvalidPattern_IsParseErrorWithNoPatterns(string stignore)
    {
        var result = IgnoreMatcher.Load(stignore, _ => null);
        Assert.IsType<IgnoreParseException>(result.Error);
        Assert.Empty(result.Matcher.Patterns);
        Assert.False(result.Matcher.Match("foo").IsIgnored);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", result.Matcher.Hash);
        Assert.Equal(stignore.Split('\n'), result.Matcher.Lines);
    }

    [Fact]
    public void Load_UnpairedSurrogateInPattern_IsParseError()
    {
        var result = IgnoreMatcher.Load("ok\nbad" + (char)0xDC00, _ => null);
        Assert.IsType<IgnoreParseException>(result.Error);
        Assert.Empty(result.Matcher.Patterns);
    }

    [Fact]
    public void Load_OverlongLine_IsParseError()
    {
        var result = IgnoreMatcher.Load("ok\n" + new string('x', IgnoreFileParser.MaxLineLength + 1), _ => null);
        Assert.IsType<IgnoreParseException>(result.Error);
        Assert.Empty(result.Matcher.Patterns);
    }

    [Theory]
    [InlineData(".stfolder", true)]
    [InlineData(".stfolder/x", true)]
    [InlineData(".stignore", true)]
    [InlineData(".stversions", true)]
    [InlineData(".stversions/a/b~20200101-000000.txt", true)]
    [InlineData("a/.stfolder", false)]
    [InlineData("sub/.stignore", false)]
    [InlineData(".stfolderx", false)]
    [InlineData(".STFOLDER", false)]
    [InlineData(".syncthing.file.tmp", true)]
    [InlineData("dir/.syncthing.file.tmp", true)]
    [InlineData("~syncthing~file.tmp", true)]
    [InlineData("dir/~syncthing~file.tmp", true)]
    [InlineData(".syncthing.no-suffix", true)]
    [InlineData("x.syncthing.tmp", false)]
    [InlineData(".syncthing.dir/child", false)]
    [InlineData("normal", false)]
    public void ShouldIgnore_InternalAndTemporaryNames_WithoutPatterns(string name, bool ignored)
    {
        Assert.Equal(ignored, IgnoreMatcher.Empty.ShouldIgnore(name));
        Assert.False(IgnoreMatcher.Empty.Match(name).IsIgnored);
    }

    [Theory]
    [InlineData("!.stignore\n!.syncthing.*", ".stignore", true)]
    [InlineData("!.stignore\n!.syncthing.*", ".syncthing.x.tmp", true)]
    [InlineData("foo", "a/foo", true)]
    [InlineData("!foo\n*", "foo", false)]
    public void ShouldIgnore_CombinesInternalNamesWithPatterns(string stignore, string name, bool ignored) =>
        Assert.Equal(ignored, Compile(stignore).ShouldIgnore(name));
}
