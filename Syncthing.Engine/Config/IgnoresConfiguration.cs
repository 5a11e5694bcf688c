using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>Default <c>.stignore</c> lines for new folders (<c>&lt;defaults&gt;&lt;ignores&gt;</c>).</summary>
public sealed record IgnoresConfiguration
{
    public ValueList<string> Lines { get; init; } = ValueList.Empty<string>();

    [JsonIgnore]
    public XmlExtras Extras { get; init; } = XmlExtras.None;
}
