using Syncthing.Engine.Fs;

namespace Syncthing.Engine.Tests.Fs;

public class PathNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("a/b/c")]
    [InlineData(".stfolder")]
    [InlineData("..a")]
    [InlineData("a..")]
    [InlineData("a/..b/c.")]
    [InlineData("...")]
    [InlineData("a b/ c ")]
    [InlineData("caf\u00e9")]
    [InlineData("\U0001F600/x")]
    [InlineData("C:")]
    [InlineData("a:b*?|<>\"")]
    public void Valid_names_have_no_reason(string name)
    {
        Assert.Null(PathNames.ValidateWireName(name));
        Assert.True(PathNames.IsSyncthingCanonical(name));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("/", "absolute")]
    [InlineData("/a", "absolute")]
    [InlineData("/a/b", "absolute")]
    [InlineData(".", "'.' component")]
    [InlineData("..", "'..' component")]
    [InlineData("../a", "'..' component")]
    [InlineData("a/..", "'..' component")]
    [InlineData("a/../b", "'..' component")]
    [InlineData("./a", "'.' component")]
    [InlineData("a/.", "'.' component")]
    [InlineData("a/./b", "'.' component")]
    [InlineData("a/", "trailing '/'")]
    [InlineData("a/b/", "trailing '/'")]
    [InlineData("a//b", "empty component")]
    [InlineData("a\\b", "backslash")]
    [InlineData("..\\a", "backslash")]
    [InlineData("a\0b", "NUL")]
    [InlineData("a\nb", "U+000A")]
    [InlineData("a\tb", "U+0009")]
    [InlineData("\u001f", "U+001F")]
    [InlineData("a\u007fb", "U+007F")]
    [InlineData("a\u0085b", "U+0085")]
    [InlineData("cafe\u0301", "normalization form C")]
    [InlineData("A\u030a/b", "normalization form C")]
    public void Invalid_names_have_a_precise_reason(string? name, string expected)
    {
        var reason = PathNames.ValidateWireName(name);
        Assert.NotNull(reason);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpaired_surrogates_are_refused()
    {
        // Built at run time: attribute arguments are stored as UTF-8, which cannot carry a lone surrogate.
        foreach (var name in new[] { "a" + (char)0xD800 + "b", "a" + (char)0xDC00, (char)0xDC00 + "\ud800" })
        {
            Assert.Contains("unpaired surrogate", PathNames.ValidateWireName(name), StringComparison.Ordinal);
        }

        Assert.Null(PathNames.ValidateWireName("a" + (char)0xD83D + (char)0xDE00));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("../a", false)]
    [InlineData("/a", false)]
    [InlineData("a/", false)]
    [InlineData("a//b", false)]
    [InlineData("a/./b", false)]
    [InlineData("a/../b", false)]
    [InlineData("a\\b", true)]
    [InlineData("a\nb", true)]
    [InlineData("a/b", true)]
    public void Syncthing_canonical_rule_is_only_path_clean(string name, bool expected) =>
        Assert.Equal(expected, PathNames.IsSyncthingCanonical(name));

    [Theory]
    [InlineData("", ".")]
    [InlineData("a/b", "a/b")]
    [InlineData("a//b/", "a/b")]
    [InlineData("./a/./b/.", "a/b")]
    [InlineData("a/../b", "b")]
    [InlineData("a/../../b", "../b")]
    [InlineData("../../a", "../../a")]
    [InlineData("/../a", "/a")]
    [InlineData("/", "/")]
    [InlineData("a/..", ".")]
    [InlineData("//a//", "/a")]
    public void GoPathClean_matches_go(string input, string expected) =>
        Assert.Equal(expected, PathNames.GoPathClean(input));

    [Fact]
    public void ToCanonical_normalises_NFD_to_NFC()
    {
        var nfd = "dir" + Path.DirectorySeparatorChar + "Cafe\u0301.txt";
        var canonical = PathNames.ToCanonical(nfd);
        Assert.Equal("dir/Caf\u00e9.txt", canonical);
        Assert.Null(PathNames.ValidateWireName(canonical));
        Assert.NotNull(PathNames.ValidateWireName(nfd.Replace(Path.DirectorySeparatorChar, '/')));
    }

    [Theory]
    [InlineData("a", "", "a")]
    [InlineData("a/b", "a", "b")]
    [InlineData("a/b/c.txt", "a/b", "c.txt")]
    public void Parent_and_file_name_split_at_the_last_slash(string name, string parent, string file)
    {
        Assert.Equal(parent, PathNames.Parent(name));
        Assert.Equal(file, PathNames.FileName(name));
        Assert.Equal(name, PathNames.Join(parent, file));
    }

    [Theory]
    [InlineData("ABC", "abc")]
    [InlineData("Stra\u00dfe", "stra\u00dfe")]
    [InlineData("\u00c9t\u00e9", "\u00e9t\u00e9")]
    [InlineData("E\u0301", "\u00e9")]
    [InlineData("\u03a3\u03c3\u03c2", "\u03c3\u03c3\u03c3")]
    public void CaseFoldKey_is_lower_of_upper_then_NFC(string input, string expected) =>
        Assert.Equal(expected, PathNames.CaseFoldKey(input));
}
