using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Tests.Config;

public class ConfigValidatorTests
{
    private static readonly DeviceId Me = DeviceId.Parse("LR6IBDT-JUI35GY-HTW6ZKQ-O72HHUJ-D3MNX3L-FBBLV5H-3XEDQDX-4MQ76A5");
    private static readonly DeviceId Stranger = DeviceId.Parse("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2");

    private static Configuration Valid() => ConfigDefaults.Create(Me, "me", withDefaultFolder: true, "/data", "key");

    [Fact]
    public void AGeneratedConfigurationIsValid() => ConfigValidator.Validate(Valid());

    [Fact]
    public void DuplicateFolderIds()
    {
        var c = Valid();
        c = c with { Folders = c.Folders.Add(c.Folders[0] with { Path = "/other" }) };

        var e = Assert.Throws<ConfigValidationException>(() => ConfigValidator.Validate(c));
        Assert.Contains("Folder ID 'default' is used by more than one folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFolderPath()
    {
        var c = Valid();
        c = c with { Folders = ValueList.Of(c.Folders[0] with { Path = "" }) };

        var e = Assert.Throws<ConfigValidationException>(() => ConfigValidator.Validate(c));
        Assert.Contains("Folder 'default' has an empty path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderSharedWithAnUnknownDevice()
    {
        var c = Valid();
        c = c with { Folders = ValueList.Of(c.Folders[0] with { Devices = c.Folders[0].Devices.Add(new FolderDeviceConfiguration { DeviceId = Stranger }) }) };

        var e = Assert.Throws<ConfigValidationException>(() => ConfigValidator.Validate(c));
        Assert.Contains($"Folder 'default' is shared with device {Stranger}, which is not among the configured devices", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateAndEmptyDeviceIds()
    {
        var c = Valid();
        c = c with { Devices = c.Devices.Add(c.Devices[0]).Add(new DeviceConfiguration { Name = "blank" }) };

        var problems = ConfigValidator.Problems(c).ToList();
        Assert.Contains($"Device {Me} is configured more than once.", problems);
        Assert.Contains("Device 'blank' has an empty device ID.", problems);
    }

    [Fact]
    public void InvalidDeviceIdStringsAreRejectedWhenRead()
    {
        var e = Assert.Throws<ConfigValidationException>(() => ConfigXml.Parse(
            "<configuration version=\"36\"><folder id=\"f\" path=\"/p\"><device id=\"LR6IBDT-JUI35GY-HTW6ZKQ-O72HHUJ-D3MNX3L-FBBLV5H-3XEDQDX-4MQ76A6\"></device></folder></configuration>"));

        Assert.Contains("folder[@id='f']/device[1]/@id", e.Message, StringComparison.Ordinal);
        Assert.Contains("check character", e.Message, StringComparison.Ordinal);
    }
}
