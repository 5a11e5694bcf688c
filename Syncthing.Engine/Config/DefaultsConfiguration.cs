using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>Templates for new folders, devices and ignore files (<c>&lt;defaults&gt;</c>).</summary>
public sealed record DefaultsConfiguration
{
    public FolderConfiguration Folder { get; init; } = new() { Path = "~" };

    public DeviceConfiguration Device { get; init; } = new();

    public IgnoresConfiguration Ignores { get; init; } = new();

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
