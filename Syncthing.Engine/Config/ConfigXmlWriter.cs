using System.Globalization;
using System.Xml.Linq;

namespace Syncthing.Engine.Config;

/// <summary>
/// Builds the config.xml document Syncthing 1.19 would write for a <see cref="Configuration"/>: same elements,
/// same attribute/child split, same order, same omissions. Unknown content kept in <see cref="XmlExtras"/> is
/// appended after the known content of its element.
/// </summary>
internal static partial class ConfigXmlWriter
{
    public static XDocument Write(Configuration c)
    {
        var root = new XElement("configuration", Attr("version", c.Version));
        root.Add(c.Folders.Select(f => Folder("folder", f)));
        root.Add(c.Devices.Select(d => Device("device", d)));
        root.Add(Gui(c.Gui));
        root.Add(Ldap(c.Ldap));
        root.Add(Options(c.Options));
        root.Add(c.RemoteIgnoredDevices.Select(o => WithExtras(
            new XElement(
                "remoteIgnoredDevice",
                Attr("time", Rfc3339.Format(o.Time)),
                Attr("id", o.DeviceId.ToString()),
                Attr("name", o.Name),
                Attr("address", o.Address),
                ""),
            o.Extras)));
        var defaults = new XElement(
            "defaults",
            Folder("folder", c.Defaults.Folder),
            Device("device", c.Defaults.Device),
            WithExtras(new XElement("ignores", Text(c.Defaults.Ignores.Lines.Select(l => Elem("line", l)))), c.Defaults.Ignores.Extras));
        root.Add(WithExtras(defaults, c.Defaults.Extras));
        return new XDocument(WithExtras(root, c.Extras));
    }

    private static XElement Gui(GuiConfiguration g) => WithExtras(
        new XElement(
            "gui",
            Attr("enabled", g.Enabled),
            Attr("tls", g.UseTls),
            Attr("debugging", g.Debugging),
            Elem("address", g.Address),
            OmitEmpty("unixSocketPermissions", g.UnixSocketPermissions),
            OmitEmpty("user", g.User),
            OmitEmpty("password", g.Password),
            g.AuthMode == AuthMode.Static ? null : Elem("authMode", ConfigEnumText.ToText(g.AuthMode)),
            OmitEmpty("apikey", g.ApiKey),
            g.InsecureAdminAccess ? Elem("insecureAdminAccess", true) : null,
            Elem("theme", g.Theme),
            g.InsecureSkipHostcheck ? Elem("insecureSkipHostcheck", true) : null,
            g.InsecureAllowFrameLoading ? Elem("insecureAllowFrameLoading", true) : null),
        g.Extras);

    private static XElement Ldap(LdapConfiguration l) => WithExtras(
        new XElement(
            "ldap",
            OmitEmpty("address", l.Address),
            OmitEmpty("bindDN", l.BindDn),
            l.Transport == LdapTransport.Plain ? null : Elem("transport", ConfigEnumText.ToText(l.Transport)),
            l.InsecureSkipVerify ? Elem("insecureSkipVerify", true) : null,
            OmitEmpty("searchBaseDN", l.SearchBaseDn),
            OmitEmpty("searchFilter", l.SearchFilter),
            ""),
        l.Extras);

    /// <summary>Adds the unknown attributes and elements read from the original file back to an element.</summary>
    private static XElement WithExtras(XElement element, XmlExtras extras)
    {
        foreach (var a in extras.Attributes)
        {
            element.SetAttributeValue(XName.Get(a.Name), a.Value);
        }

        foreach (var e in extras.Elements)
        {
            element.Add(XElement.Parse(e, LoadOptions.PreserveWhitespace));
        }

        return element;
    }

    private static XAttribute Attr(string name, string value) => new(name, value);

    private static XAttribute Attr(string name, int value) => new(name, value.ToString(CultureInfo.InvariantCulture));

    private static XAttribute Attr(string name, bool value) => new(name, value ? "true" : "false");

    private static XAttribute? OmitEmptyAttr(string name, string value) => value.Length == 0 ? null : new(name, value);

    // An element whose content is the empty string is written <x></x>, as Go does, never <x />.
    private static XElement Elem(string name, string value) => new(name, value);

    private static XElement Elem(string name, int value) => new(name, value.ToString(CultureInfo.InvariantCulture));

    private static XElement Elem(string name, bool value) => new(name, value ? "true" : "false");

    private static XElement? OmitEmpty(string name, string value) => value.Length == 0 ? null : Elem(name, value);

    private static XElement SizeElem(string name, Size s) =>
        new(name, Attr("unit", s.Unit), s.Value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Children, or an empty string so the element is written with an end tag even when there are none.</summary>
    private static object Text(IEnumerable<XElement> children)
    {
        var list = children.ToList();
        return list.Count == 0 ? "" : list;
    }
}
