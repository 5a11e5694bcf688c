using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Tests.Identity;

public class DeviceIdTests
{
    private const string A2Hex = "7f7c8723ecca5b4d22061c4981b34c34d865ec376be1eb74330873c9a6f9b205";
    private const string A2Text = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2";

    [Fact]
    public void A1_LuhnCheckCharacter() => Assert.Equal('G', Luhn32.Generate("AB725E4GHIQPL3ZFGT"));

    [Fact]
    public void A2_FormatsRawBytes() => Assert.Equal(A2Text, DeviceId.FromBytes(Convert.FromHexString(A2Hex)).ToString());

    [Theory]
    [InlineData("p561017mzjnu2yiqgdreydm2mgtimgl3bxnpq6w5bmt88z4tjxzwicq2")] // A3: lower case, 0/1/8 typos
    [InlineData("P56IOI7MZJNU2IQGDREYDM2MGTMGL3BXNPQ6W5BTBBZ4TJXZWICQ")] // A4: 52 characters, no checks
    [InlineData(A2Text)]
    [InlineData("P56IOI7 MZJNU2Y IQGDREY DM2MGTI MGL3BXN PQ6W5BM TBBZ4TJ XZWICQ2")]
    public void A3_A4_ParsesLeniently(string text) =>
        Assert.Equal(Convert.FromHexString(A2Hex), DeviceId.Parse(text).Bytes.ToArray());

    [Fact]
    public void A5_ShortId()
    {
        var id = DeviceId.Parse(A2Text);
        Assert.Equal(9186365928295258957UL, id.Short.Value);
        Assert.Equal("P56IOI7", id.Short.ToString());
    }

    [Theory]
    [InlineData("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ3")] // bad check char
    [InlineData("P56IOI7-MZJNU2Y")]
    [InlineData("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWIC!2")]
    public void RejectsMalformed(string text)
    {
        Assert.False(DeviceId.TryParse(text, out _, out var error));
        Assert.Contains("Invalid device ID", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => DeviceId.Parse(text));
    }

    [Fact]
    public void EmptyStringIsTheZeroId()
    {
        var id = DeviceId.Parse("");
        Assert.True(id.IsEmpty);
        Assert.Equal(string.Empty, id.ToString());
    }

    [Fact]
    public void RoundTripsRandomIds()
    {
        var rng = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[32];
            rng.NextBytes(bytes);
            var id = DeviceId.FromBytes(bytes);
            Assert.Equal(id, DeviceId.Parse(id.ToString()));
            Assert.Equal(id, DeviceId.Parse(id.ToString().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()));
        }
    }
}
