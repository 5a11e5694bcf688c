using System.Text.Json.Serialization;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Config;

/// <summary>A device that tried to connect and the user chose to ignore (<c>&lt;remoteIgnoredDevice&gt;</c>).</summary>
public sealed record ObservedDevice
{
    public DateTimeOffset Time { get; init; }

    [JsonIgnore]
    public DeviceId DeviceId { get; init; } = DeviceId.Empty;

    [JsonInclude]
    [JsonPropertyName("deviceID")]
    internal string DeviceIdText
    {
        get => DeviceId.ToString();
        init => DeviceId = DeviceIdJson.Parse(value);
    }

    public string Name { get; init; } = "";

    public string Address { get; init; } = "";

    [JsonIgnore]
    public XmlExtras Extras { get; init; } = XmlExtras.None;
}
