using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>A folder a remote device offered and the user chose to ignore (<c>&lt;ignoredFolder&gt;</c>).</summary>
public sealed record ObservedFolder
{
    public DateTimeOffset Time { get; init; }

    public string Id { get; init; } = "";

    public string Label { get; init; } = "";

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
