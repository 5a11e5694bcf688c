using Syncthing.Engine.Ignore;
using static Syncthing.Engine.Tests.Ignore.IgnoreTestSupport;

namespace Syncthing.Engine.Tests.Ignore;

/// <summary>#include: resolution, nesting, duplicates and loops, missing files, malformed lines.</summary>
public class IgnoreIncludeTests
{
    private static readonly Dictionary<string, string> TestData = new()
    {
        ["excludes"] = "dir2/dfile\n#include further-excludes",
        ["further-excludes"] = "dir3",
    };

    private const string Root = "#include excludes\n\nbfile\ndir1/cfile\n**/efile\n/ffile\nlost+found";

    [Theory]
    [InlineData("afile", false)]
    [InlineData("bfile", true)]
    [InlineData("cfile", false)]
    [InlineData("efile", true)]
    [InlineData("ffile", true)]
    [InlineData("dir1/cfile", true)]
    [InlineData("dir1/dfile", false)]
    [InlineData("dir1/ffile", false)]
    [InlineData("dir2/cfile", false)]
    [InlineData("dir2/dfile", true)]
    [InlineData("dir2/efile", true)]
    [InlineData("dir3", true)]
    [InlineData("dir3/afile", true)]
    [InlineData("lost+found", true)]
    public void Match_NestedIncludes_ContributePatterns(string name, bool ignored) =>
        Assert.Equal(ignored, Load(Root, TestData).GetMatcherOrThrow().Match(name).IsIgnored);

    public static TheoryData<string, Dictionary<string, string>, string, bool> Resolution => new()
    {
        // path relative to the including file's directory; patterns stay relative to the folder root
        { "#include sub/a", new() { ["sub/a"] = "#include b", ["sub/b"] = "/x" }, "x", true },
        { "#include sub/a", new() { ["sub/a"] = "#include b", ["sub/b"] = "/x" }, "sub/x", false },
        { "#include sub/a", new() { ["sub/a"] = "#include ../top" , ["top"] = "t" }, "t", true },
        { "#include /abs", new() { ["abs"] = "z" }, "z", true },
        { "#include ./a/../b", new() { ["b"] = "y" }, "y", true },
        { "#include   spaced  ", new() { ["spaced"] = "s" }, "s", true },
        { "#include ../outside", new() { ["../outside"] = "o" }, "o", true },
        { "#includes quirk", new() { ["quirk"] = "q" }, "q", true },
        // an include takes effect at its own position: first match still wins
        { "!keep\n#include a", new() { ["a"] = "*" }, "keep", false },
        { "!keep\n#include a", new() { ["a"] = "*" }, "other", true },
        { "#include a\n!keep", new() { ["a"] = "*" }, "keep", true },
        { "#include a", new() { ["a"] = "foo\r\nbar\r\n" }, "bar", true },
        // loops and repeats written with the same line text are skipped as duplicate lines
        { "#include a\nx", new() { ["a"] = "#include b", ["b"] = "#include a\ny" }, "y", true },
        { "#include a\n#include a", new() { ["a"] = "w" }, "w", true },
        { "#include .stignore\nfoo", new() { [".stignore"] = "#include .stignore\nfoo" }, "foo", true },
        { "#include a", new() { ["a"] = "" }, "a", false },
    };

    [Theory]
    [MemberData(nameof(Resolution))]
    public void Load_IncludeResolution_FollowsOneNineteen(string root, Dictionary<string, string> files, string name, bool ignored) =>
        Assert.Equal(ignored, Load(root, files).GetMatcherOrThrow().Match(name).IsIgnored);

    public static TheoryData<string, Dictionary<string, string>, string> Failures => new()
    {
        { "#include nonexistent", new(), "failed to load include file nonexistent" },
        { "#include a", new() { ["a"] = "#include missing" }, "failed to load include file missing" },
        { "#include a\n#include ./a", new() { ["a"] = "w" }, "multiple include" },
        { "#include a", new() { ["a"] = "#include b", ["b"] = "#include ./a" }, "multiple include" },
        { "#include a\n#include sub/x", new() { ["a"] = "1", ["sub/x"] = "#include ../a" }, "multiple include" },
        { "#include a", new() { ["a"] = "[" }, "invalid pattern" },
        { "#include a", new() { ["a"] = "(?i)" }, "missing pattern" },
        { "#include", new(), "no file" },
        { "#include ", new(), "no file" },
        { "#include   \n\n\n", new(), "no file" },
        { "#include\tfoo", new() { ["foo"] = "x" }, "no file" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Load_BrokenInclude_IsParseErrorAndDropsAllPatterns(string root, Dictionary<string, string> files, string message)
    {
        var result = Load("keepme\n" + root, files);
        Assert.False(result.IsSuccess);
        Assert.Contains(message, result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(result.Matcher.Patterns);
        Assert.False(result.Matcher.Match("keepme").IsIgnored);
        Assert.Equal("keepme", result.Matcher.Lines[0]);
        Assert.Throws<IgnoreParseException>(result.GetMatcherOrThrow);
    }

    [Fact]
    public void Load_Include_PassesCleanedFolderRelativePaths()
    {
        var asked = new List<string>();
        IgnoreMatcher.Load("#include sub/./a", path =>
        {
            asked.Add(path);
            return path == "sub/a" ? "#include ../b\n#include c/d" : "";
        });
        Assert.Equal(["sub/a", "b", "sub/c/d"], asked);
    }

    [Fact]
    public void Load_IncludeReaderThrowsIOException_IsParseError()
    {
        var result = IgnoreMatcher.Load("#include a", _ => throw new IOException("disk on fire"));
        Assert.Contains("disk on fire", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateLineInIncludedFile_IsSkipped()
    {
        var matcher = Load("foo\n#include a", new Dictionary<string, string> { ["a"] = "foo\nbar" }).GetMatcherOrThrow();
        Assert.Equal(8, matcher.Patterns.Count);
    }

    [Fact]
    public void Lines_AreRootFileOnly()
    {
        var matcher = Load(Root, TestData).GetMatcherOrThrow();
        Assert.Equal(Root.Split('\n'), matcher.Lines);
    }
}
