using System.Xml.Linq;

namespace Syncthing.Engine.Config;

/// <summary>Turns a config.xml document (1.19 layout) into a <see cref="Configuration"/>.</summary>
internal static partial class ConfigXmlReader
{
    public static Configuration Read(XDocument document)
    {
        var root = document.Root;
        if (root is null || root.Name != "configuration")
        {
            throw new ConfigValidationException(
                $"config.xml: the root element must be <configuration>, not <{root?.Name.LocalName ?? "nothing"}>.");
        }

        var r = new XmlElementReader(root, "configuration");
        var version = r.IntAttribute("version", 0);
        var folders = r.Elements("folder").Select((e, i) => ReadFolder(e, $"configuration/folder[{i + 1}]")).ToList();
        var devices = r.Elements("device").Select((e, i) => ReadDevice(e, $"configuration/device[{i + 1}]")).ToList();
        var gui = r.Element("gui") is { } g ? ReadGui(g) : new GuiConfiguration();
        var ldap = r.Element("ldap") is { } l ? ReadLdap(l) : new LdapConfiguration();
        var options = r.Element("options") is { } o ? ReadOptions(o) : new OptionsConfiguration();
        var ignored = r.Elements("remoteIgnoredDevice")
            .Select((e, i) => ReadObservedDevice(e, $"configuration/remoteIgnoredDevice[{i + 1}]"))
            .ToList();
        var defaults = r.Element("defaults") is { } d ? ReadDefaults(d) : new DefaultsConfiguration();
        return new Configuration
        {
            Version = version,
            Folders = new(folders),
            Devices = new(devices),
            Gui = gui,
            Ldap = ldap,
            Options = options,
            RemoteIgnoredDevices = new(ignored),
            Defaults = defaults,
            Extras = r.Extras(),
        };
    }

    private static GuiConfiguration ReadGui(XElement element)
    {
        var r = new XmlElementReader(element, "configuration/gui");
        var d = new GuiConfiguration();
        return new GuiConfiguration
        {
            Enabled = r.BoolAttribute("enabled", d.Enabled),
            UseTls = r.BoolAttribute("tls", d.UseTls),
            Debugging = r.BoolAttribute("debugging", d.Debugging),
            Address = r.String("address", d.Address),
            UnixSocketPermissions = r.String("unixSocketPermissions", d.UnixSocketPermissions),
            User = r.String("user", d.User),
            Password = r.String("password", d.Password),
            AuthMode = r.Enum("authMode", d.AuthMode),
            ApiKey = r.String("apikey", d.ApiKey),
            InsecureAdminAccess = r.Bool("insecureAdminAccess", d.InsecureAdminAccess),
            Theme = r.String("theme", d.Theme),
            InsecureSkipHostcheck = r.Bool("insecureSkipHostcheck", d.InsecureSkipHostcheck),
            InsecureAllowFrameLoading = r.Bool("insecureAllowFrameLoading", d.InsecureAllowFrameLoading),
            Extras = r.Extras(),
        };
    }

    private static LdapConfiguration ReadLdap(XElement element)
    {
        var r = new XmlElementReader(element, "configuration/ldap");
        var d = new LdapConfiguration();
        return new LdapConfiguration
        {
            Address = r.String("address", d.Address),
            BindDn = r.String("bindDN", d.BindDn),
            Transport = r.Enum("transport", d.Transport),
            InsecureSkipVerify = r.Bool("insecureSkipVerify", d.InsecureSkipVerify),
            SearchBaseDn = r.String("searchBaseDN", d.SearchBaseDn),
            SearchFilter = r.String("searchFilter", d.SearchFilter),
            Extras = r.Extras(),
        };
    }

    private static DefaultsConfiguration ReadDefaults(XElement element)
    {
        var r = new XmlElementReader(element, "configuration/defaults");
        var d = new DefaultsConfiguration();
        var folder = r.Element("folder") is { } f ? ReadFolder(f, "configuration/defaults/folder") : d.Folder;
        var device = r.Element("device") is { } dv ? ReadDevice(dv, "configuration/defaults/device") : d.Device;
        var ignores = d.Ignores;
        if (r.Element("ignores") is { } i)
        {
            var ir = new XmlElementReader(i, "configuration/defaults/ignores");
            ignores = new IgnoresConfiguration { Lines = ir.Strings("line"), Extras = ir.Extras() };
        }

        return new DefaultsConfiguration { Folder = folder, Device = device, Ignores = ignores, Extras = r.Extras() };
    }

    private static ObservedDevice ReadObservedDevice(XElement element, string where)
    {
        var r = new XmlElementReader(element, where);
        return new ObservedDevice
        {
            Time = ReadTime(r),
            DeviceId = r.DeviceIdAttribute("id"),
            Name = r.StringAttribute("name", ""),
            Address = r.StringAttribute("address", ""),
            Extras = r.Extras(),
        };
    }

    private static ObservedFolder ReadObservedFolder(XElement element, string where)
    {
        var r = new XmlElementReader(element, where);
        return new ObservedFolder
        {
            Time = ReadTime(r),
            Id = r.StringAttribute("id", ""),
            Label = r.StringAttribute("label", ""),
            Extras = r.Extras(),
        };
    }

    private static DateTimeOffset ReadTime(XmlElementReader r)
    {
        var text = r.Attribute("time");
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        return Rfc3339.TryParse(text, out var time)
            ? time
            : throw new ConfigValidationException($"config.xml {r.Where}/@time: '{text}' is not an RFC 3339 time.");
    }
}
