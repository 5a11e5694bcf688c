using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>Default <c>.stignore</c> lines for new folders (<c>&lt;defaults&gt;&lt;ignores&gt;</c>).</summary>
public sealed record IgnoresConfiguration
{
    public ValueList<string> Lines { get; init; } = ValueList.Empty<string>();

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
