using System.Globalization;
using System.Xml.Linq;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Config;

/// <summary>
/// Reads the attributes and children of one config.xml element the way Go's encoding/xml fills a struct
/// (last occurrence wins, numbers and booleans trimmed), remembering what was read so the rest can be kept as
/// <see cref="XmlExtras"/>.
/// </summary>
internal sealed class XmlElementReader
{
    private readonly XElement _element;
    private readonly string _where;
    private readonly HashSet<XName> _readAttributes = [];
    private readonly HashSet<XName> _readElements = [];

    public XmlElementReader(XElement element, string where)
    {
        _element = element;
        _where = where;
    }

    public string Where => _where;

    public string? Attribute(string name)
    {
        _readAttributes.Add(name);
        return _element.Attribute(name)?.Value;
    }

    public XElement? Element(string name)
    {
        _readElements.Add(name);
        return _element.Elements(name).LastOrDefault();
    }

    public IEnumerable<XElement> Elements(string name)
    {
        _readElements.Add(name);
        return _element.Elements(name);
    }

    public string String(string name, string fallback) => Element(name)?.Value ?? fallback;

    public string StringAttribute(string name, string fallback) => Attribute(name) ?? fallback;

    public int Int(string name, int fallback) => ParseInt(Element(name)?.Value, name, fallback);

    public int IntAttribute(string name, int fallback) => ParseInt(Attribute(name), "@" + name, fallback);

    public bool Bool(string name, bool fallback) => ParseBool(Element(name)?.Value, name, fallback);

    public bool BoolAttribute(string name, bool fallback) => ParseBool(Attribute(name), "@" + name, fallback);

    public T Enum<T>(string name, T fallback)
        where T : struct, System.Enum
    {
        var text = Element(name)?.Value;
        return text is null ? fallback : ConfigEnumText.Parse<T>(text.Trim());
    }

    public T EnumAttribute<T>(string name, T fallback)
        where T : struct, System.Enum
    {
        var text = Attribute(name);
        return text is null ? fallback : ConfigEnumText.Parse<T>(text.Trim());
    }

    public DeviceId DeviceIdAttribute(string name) => ParseDeviceId(Attribute(name), _where + "/@" + name);

    public ValueList<string> Strings(string name) => new(Elements(name).Select(e => e.Value));

    public Size Size(string name, Size fallback)
    {
        var e = Element(name);
        if (e is null)
        {
            return fallback;
        }

        var text = e.Value.Trim();
        double value = 0;
        if (text.Length > 0 && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            throw Invalid(name, text, "a number");
        }

        return new Size(value, e.Attribute("unit")?.Value ?? "");
    }

    public static DeviceId ParseDeviceId(string? text, string where)
    {
        if (text is null)
        {
            return DeviceId.Empty;
        }

        return DeviceId.TryParse(text, out var id, out var error)
            ? id
            : throw new ConfigValidationException($"config.xml {where}: {error}");
    }

    /// <summary>Everything on this element that was never asked for.</summary>
    public XmlExtras Extras()
    {
        var attributes = _element.Attributes()
            .Where(a => !a.IsNamespaceDeclaration && !_readAttributes.Contains(a.Name))
            .Select(a => new XmlExtraAttribute(a.Name.ToString(), a.Value))
            .ToList();
        var elements = _element.Elements()
            .Where(e => !_readElements.Contains(e.Name))
            .Select(e => WithoutIndentation(e).ToString(SaveOptions.DisableFormatting))
            .ToList();
        return attributes.Count == 0 && elements.Count == 0
            ? XmlExtras.None
            : new XmlExtras { Attributes = new(attributes), Elements = new(elements) };
    }

    /// <summary>
    /// A copy without the whitespace-only text between child elements (indentation), so the kept XML does not
    /// change each time the file is re-indented on save.
    /// </summary>
    private static XElement WithoutIndentation(XElement element)
    {
        var copy = new XElement(element);
        copy.DescendantNodesAndSelf()
            .OfType<XText>()
            .Where(t => string.IsNullOrWhiteSpace(t.Value) && t.Parent is { } p && p.Elements().Any())
            .ToList()
            .ForEach(t => t.Remove());
        return copy;
    }

    private int ParseInt(string? text, string name, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return 0;
        }

        return int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(name, text, "an integer");
    }

    private bool ParseBool(string? text, string name, bool fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return text.Trim() switch
        {
            "" => false,
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw Invalid(name, text, "a boolean"),
        };
    }

    private ConfigValidationException Invalid(string name, string text, string expected) =>
        new($"config.xml {_where}/{name}: '{text}' is not {expected}.");
}
