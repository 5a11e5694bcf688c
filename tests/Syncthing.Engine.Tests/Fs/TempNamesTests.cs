using System.Security.Cryptography;
using System.Text;
using Syncthing.Engine.Fs;

namespace Syncthing.Engine.Tests.Fs;

public class TempNamesTests
{
    [Theory]
    [InlineData("a.txt", ".syncthing.a.txt.tmp")]
    [InlineData("dir/sub/a.txt", "dir/sub/.syncthing.a.txt.tmp")]
    public void Short_names_get_prefix_and_suffix_in_the_same_directory(string name, string expected) =>
        Assert.Equal(expected, TempNames.TempName(name, TempNames.UnixPrefix));

    [Fact]
    public void Names_up_to_145_bytes_are_kept_and_longer_ones_hashed()
    {
        var kept = new string('x', 145);
        Assert.Equal("d/.syncthing." + kept + ".tmp", TempNames.TempName("d/" + kept, TempNames.UnixPrefix));

        var hashed = new string('x', 146);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(hashed))).ToLowerInvariant();
        Assert.Equal("d/.syncthing." + hash + ".tmp", TempNames.TempName("d/" + hashed, TempNames.UnixPrefix));
    }

    [Fact]
    public void Length_limit_counts_utf8_bytes_not_characters()
    {
        var name = new string('\u00e9', 73); // 146 bytes, 73 chars
        Assert.DoesNotContain("\u00e9", TempNames.TempName(name, TempNames.UnixPrefix), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".syncthing.a.tmp", true)]
    [InlineData("d/~syncthing~a.tmp", true)]
    [InlineData(".syncthing.d/a", false)]
    [InlineData("a.tmp", false)]
    public void Both_prefixes_are_temporary_everywhere(string name, bool expected) =>
        Assert.Equal(expected, TempNames.IsTemporary(name));
}
