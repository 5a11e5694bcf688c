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

    [JsonIgnore]
    public XmlExtras Extras { get; init; } = XmlExtras.None;
}
