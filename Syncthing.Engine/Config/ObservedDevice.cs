using System.Text.Json.Serialization;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Config;

/// <summary>A device that tried to connect and the user chose to ignore (<c>&lt;remoteIgnoredDevice&gt;</c>).</summary>
public sealed record ObservedDevice
{
    public DateTimeOffset Time { get; init; }

    [JsonPropertyName("deviceID")]
    public DeviceId DeviceId { get; init; } = DeviceId.Empty;

    public string Name { get; init; } = "";

    public string Address { get; init; } = "";

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
