using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Tests.Config;

public class ConfigDefaultsTests
{
    [Fact]
    public void WithoutDefaultFolderEqualsWhat119Generated()
    {
        var generated = ConfigXml.Parse(ConfigTestData.Read("generated-no-default-folder.xml"));
        var me = DeviceId.Parse("L7O3PNM-JQPCN2G-GKAYNOK-TUBXUOX-XTCHSWB-IEE6VIF-3Q4B4NO-XMH3DQI");

        var ours = ConfigDefaults.Create(me, "vm", withDefaultFolder: false, "/unused", "fFZeq47VuNt27tfDtb2hrjYcytnzcXrM");

        Assert.Equal(generated, ours);
        Assert.Equal(ConfigTestData.Read("generated-no-default-folder.xml"), ConfigXml.Format(ours));
    }

    [Fact]
    public void WithDefaultFolderEqualsWhat119Generated()
    {
        var generated = ConfigXml.Parse(ConfigTestData.Read("generated-default-folder.xml"));
        var me = DeviceId.Parse("LR6IBDT-JUI35GY-HTW6ZKQ-O72HHUJ-D3MNX3L-FBBLV5H-3XEDQDX-4MQ76A5");

        var ours = ConfigDefaults.Create(me, "vm", withDefaultFolder: true, "/home/user/Sync", "qkD7fNmpMc5VX6q2MATYJvhnpfgmjmRC");

        Assert.Equal(generated, ours);
    }

    [Fact]
    public void RandomApiKeysLookLike119s()
    {
        var me = DeviceId.Parse("LR6IBDT-JUI35GY-HTW6ZKQ-O72HHUJ-D3MNX3L-FBBLV5H-3XEDQDX-4MQ76A5");
        var a = ConfigDefaults.Create(me, "n", withDefaultFolder: true);
        var b = ConfigDefaults.Create(me, "n", withDefaultFolder: true);

        Assert.Matches("^[A-Za-z0-9]{32}$", a.Gui.ApiKey);
        Assert.NotEqual(a.Gui.ApiKey, b.Gui.ApiKey);
        Assert.EndsWith("Sync", a.Folders[0].Path, StringComparison.Ordinal);
    }

    [Fact]
    public void TestRigSwitchesTurnOffEverythingThatLeavesLoopback()
    {
        var me = DeviceId.Parse("LR6IBDT-JUI35GY-HTW6ZKQ-O72HHUJ-D3MNX3L-FBBLV5H-3XEDQDX-4MQ76A5");
        var c = ConfigDefaults.WithTestRigSettings(
            ConfigDefaults.Create(me, "n", withDefaultFolder: false), "tcp://127.0.0.1:22001", "127.0.0.1:18384", "key");

        Assert.Equal(["tcp://127.0.0.1:22001"], c.Options.ListenAddresses);
        Assert.False(c.Options.GlobalAnnounceEnabled || c.Options.LocalAnnounceEnabled || c.Options.RelaysEnabled || c.Options.NatEnabled);
        Assert.False(c.Options.StartBrowser || c.Options.CrashReportingEnabled);
        Assert.Equal((-1, 0), (c.Options.UrAccepted, c.Options.AutoUpgradeIntervalH));
        Assert.Equal(("127.0.0.1:18384", "key"), (c.Gui.Address, c.Gui.ApiKey));
    }
}
