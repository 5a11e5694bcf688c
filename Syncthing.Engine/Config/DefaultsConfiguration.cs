using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>Templates for new folders, devices and ignore files (<c>&lt;defaults&gt;</c>).</summary>
public sealed record DefaultsConfiguration
{
    public FolderConfiguration Folder { get; init; } = new() { Path = "~" };

    public DeviceConfiguration Device { get; init; } = new();

    public IgnoresConfiguration Ignores { get; init; } = new();

    [JsonIgnore]
    public XmlExtras Extras { get; init; } = XmlExtras.None;
}
