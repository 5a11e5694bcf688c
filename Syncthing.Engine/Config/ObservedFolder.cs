using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>A folder a remote device offered and the user chose to ignore (<c>&lt;ignoredFolder&gt;</c>).</summary>
public sealed record ObservedFolder
{
    public DateTimeOffset Time { get; init; }

    public string Id { get; init; } = "";

    public string Label { get; init; } = "";

    [JsonIgnore]
    public XmlExtras Extras { get; init; } = XmlExtras.None;
}
