using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>An XML attribute config.xml had that this model does not know, kept so a save writes it back.</summary>
public sealed record XmlExtraAttribute(string Name, string Value);

/// <summary>
/// What one config.xml element held that this model does not understand (attributes of newer or older
/// versions, deprecated elements): kept verbatim and written back after the known content on save.
/// Not part of the REST JSON shape.
/// </summary>
public sealed record XmlExtras
{
    public static XmlExtras None { get; } = new();

    /// <summary>Unknown attributes, in document order.</summary>
    public ValueList<XmlExtraAttribute> Attributes { get; init; } = ValueList.Empty<XmlExtraAttribute>();

    /// <summary>Unknown child elements as their outer XML, in document order.</summary>
    public ValueList<string> Elements { get; init; } = ValueList.Empty<string>();

    [JsonIgnore]
    public bool IsEmpty => Attributes.Count == 0 && Elements.Count == 0;
}
