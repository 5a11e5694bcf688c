using System.Xml.Linq;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Tests.Config;

public class ConfigXmlTests
{
    private const string NoFolderSample = "generated-no-default-folder.xml";
    private const string FolderSample = "generated-default-folder.xml";

    [Fact]
    public async Task LoadsWhatSyncthing1192Generated()
    {
        var c = await ConfigXml.LoadAsync(ConfigTestData.PathOf(FolderSample), CancellationToken.None);

        var me = DeviceId.Parse("LR6IBDT-JUI35GY-HTW6ZKQ-O72HHUJ-D3MNX3L-FBBLV5H-3XEDQDX-4MQ76A5");
        Assert.Equal(36, c.Version);
        var folder = Assert.Single(c.Folders);
        Assert.Equal(("default", "Default Folder", "/home/user/Sync"), (folder.Id, folder.Label, folder.Path));
        Assert.Equal(FolderType.SendReceive, folder.Type);
        Assert.Equal(me, Assert.Single(folder.Devices).DeviceId);
        Assert.Equal(new Size(1, "%"), folder.MinDiskFree);
        Assert.Equal(".stfolder", folder.MarkerName);
        var device = Assert.Single(c.Devices);
        Assert.Equal((me, "vm", Compression.Metadata), (device.DeviceId, device.Name, device.Compression));
        Assert.Equal(["dynamic"], device.Addresses);
        Assert.Equal(("127.0.0.1:8384", "qkD7fNmpMc5VX6q2MATYJvhnpfgmjmRC"), (c.Gui.Address, c.Gui.ApiKey));
        Assert.Equal(["default"], c.Options.ListenAddresses);
        Assert.Equal(["authenticationUserAndPassword"], c.Options.UnackedNotificationIds);
        Assert.Equal("https://crash.syncthing.net/newcrash", c.Options.CrashReportingUrl);
        Assert.Equal("~", c.Defaults.Folder.Path);
        Assert.True(c.Defaults.Device.DeviceId.IsEmpty);
        Assert.True(c.Extras.IsEmpty);
        Assert.True(folder.Extras.IsEmpty && c.Options.Extras.IsEmpty && c.Gui.Extras.IsEmpty);
    }

    [Theory]
    [InlineData(NoFolderSample)]
    [InlineData(FolderSample)]
    public void FormatReproducesSyncthingsFileByteForByte(string sample)
    {
        var original = ConfigTestData.Read(sample);
        Assert.Equal(original, ConfigXml.Format(ConfigXml.Parse(original)));
    }

    [Fact]
    public async Task SaveThenLoadGivesAnEqualConfiguration()
    {
        var c = ConfigXml.Parse(ConfigTestData.Read(FolderSample));
        c = c with
        {
            Folders = ValueList.Of(c.Folders[0] with
            {
                Type = FolderType.ReceiveEncrypted,
                Versioning = new VersioningConfiguration
                {
                    Type = "staggered",
                    Params = new ValueDictionary(new Dictionary<string, string> { ["maxAge"] = "86400", ["cleanInterval"] = "3600" }),
                },
                Order = PullOrder.NewestFirst,
                CopyRangeMethod = CopyRangeMethod.CopyFileRange,
                MinDiskFree = new Size(2.5, "GB"),
            }),
            Devices = c.Devices.Add(new DeviceConfiguration
            {
                DeviceId = DeviceId.Parse("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2"),
                Addresses = ValueList.Of("tcp://127.0.0.1:22001", "dynamic"),
                AllowedNetworks = ValueList.Of("127.0.0.0/8"),
                IgnoredFolders = ValueList.Of(new ObservedFolder { Time = new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), Id = "x", Label = "X" }),
                Compression = Compression.Always,
                CertName = "syncthing",
                Untrusted = true,
            }),
            Gui = c.Gui with { User = "admin", Password = "$2a$10$hash", AuthMode = AuthMode.Ldap, InsecureSkipHostcheck = true },
            Ldap = new LdapConfiguration { Address = "ldap.example:389", Transport = LdapTransport.StartTls },
            Defaults = c.Defaults with { Ignores = new IgnoresConfiguration { Lines = ValueList.Of("*.tmp", "// comment") } },
        };
        var path = Path.Combine(Directory.CreateTempSubdirectory("cfg").FullName, "config.xml");

        await ConfigXml.SaveAsync(c, path, CancellationToken.None);
        var reloaded = await ConfigXml.LoadAsync(path, CancellationToken.None);

        Assert.Equal(c, reloaded);
        Assert.Equal(["config.xml"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void WritesValuesAsAttributesOrElementsAs119Does()
    {
        var c = ConfigXml.Parse(ConfigTestData.Read(FolderSample));
        c = c with { Folders = ValueList.Of(c.Folders[0] with { Versioning = new VersioningConfiguration { Type = "simple", Params = new ValueDictionary([new("keep", "5")]) } }) };

        var x = XDocument.Parse(ConfigXml.Format(c));

        var folder = x.Root!.Element("folder")!;
        Assert.Equal("3600", folder.Attribute("rescanIntervalS")!.Value);
        Assert.Null(folder.Element("rescanIntervalS"));
        Assert.Equal("basic", folder.Element("filesystemType")!.Value);
        var versioning = folder.Element("versioning")!;
        Assert.Equal("simple", versioning.Attribute("type")!.Value);
        Assert.Equal(("keep", "5"), (versioning.Element("param")!.Attribute("key")!.Value, versioning.Element("param")!.Attribute("val")!.Value));
        Assert.Equal("false", x.Root.Element("gui")!.Attribute("tls")!.Value);
        Assert.Equal(
            ["folder", "device", "gui", "ldap", "options", "defaults"],
            x.Root.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public async Task UnknownElementsAndAttributesSurviveASave()
    {
        var xml = ConfigTestData.Read(FolderSample)
            .Replace("<configuration version=\"36\">", "<configuration version=\"36\" future=\"yes\"><futureTop a=\"1\"><x>y</x></futureTop>", StringComparison.Ordinal)
            .Replace("<copiers>0</copiers>", "<copiers>0</copiers><pullers>16</pullers>", StringComparison.Ordinal)
            .Replace("name=\"vm\"", "name=\"vm\" newDeviceAttr=\"42\"", StringComparison.Ordinal)
            .Replace("<theme>default</theme>", "<theme>default</theme><newGuiThing>on</newGuiThing>", StringComparison.Ordinal)
            .Replace("<connectionLimitMax>0</connectionLimitMax>", "<connectionLimitMax>0</connectionLimitMax><someOption>7</someOption>", StringComparison.Ordinal);
        var c = ConfigXml.Parse(xml);
        Assert.Equal(new XmlExtraAttribute("newDeviceAttr", "42"), Assert.Single(c.Devices[0].Extras.Attributes));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cfg").FullName, "config.xml");

        await ConfigXml.SaveAsync(c with { Gui = c.Gui with { Theme = "dark" } }, path, CancellationToken.None);

        var saved = XDocument.Load(path).Root!;
        Assert.Equal("yes", saved.Attribute("future")!.Value);
        Assert.Equal("y", saved.Element("futureTop")!.Element("x")!.Value);
        Assert.Equal("16", saved.Element("folder")!.Element("pullers")!.Value);
        Assert.Equal("42", saved.Element("device")!.Attribute("newDeviceAttr")!.Value);
        Assert.Equal("on", saved.Element("gui")!.Element("newGuiThing")!.Value);
        Assert.Equal("dark", saved.Element("gui")!.Element("theme")!.Value);
        Assert.Equal("7", saved.Element("options")!.Element("someOption")!.Value);
        Assert.Equal(c with { Gui = c.Gui with { Theme = "dark" } }, await ConfigXml.LoadAsync(path, CancellationToken.None));
    }

    [Fact]
    public void MissingElementsTake119Defaults()
    {
        var c = ConfigXml.Parse("<configuration version=\"36\"><folder id=\"f\" path=\"/p\"></folder><options><urAccepted>-1</urAccepted></options></configuration>");

        Assert.Equal(new FolderConfiguration { Id = "f", Path = "/p" }, c.Folders[0]);
        Assert.Equal(new OptionsConfiguration { UrAccepted = -1 }, c.Options);
        Assert.Equal(new GuiConfiguration(), c.Gui);
    }

    [Theory]
    [InlineData("<configuration version=\"36\"><device id=\"NOT-A-DEVICE\"></device></configuration>", "device[@id='NOT-A-DEVICE']/@id")]
    [InlineData("<configuration version=\"36\"><folder id=\"f\" rescanIntervalS=\"soon\"></folder></configuration>", "folder[@id='f']/@rescanIntervalS")]
    [InlineData("<configuration version=\"36\"><options><relaysEnabled>maybe</relaysEnabled></options></configuration>", "options/relaysEnabled")]
    [InlineData("<config version=\"36\"></config>", "root element")]
    [InlineData("<configuration version=\"36\">", "well-formed")]
    public void RejectsMalformedValuesSayingWhere(string xml, string where)
    {
        var e = Assert.Throws<ConfigValidationException>(() => ConfigXml.Parse(xml));
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveRefusesAnInvalidConfigurationAndLeavesTheFileAlone()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cfg").FullName, "config.xml");
        await File.WriteAllTextAsync(path, "original");
        var bad = new Configuration { Folders = ValueList.Of(new FolderConfiguration { Id = "f" }) };

        await Assert.ThrowsAsync<ConfigValidationException>(() => ConfigXml.SaveAsync(bad, path, CancellationToken.None));

        Assert.Equal("original", await File.ReadAllTextAsync(path));
    }
}
