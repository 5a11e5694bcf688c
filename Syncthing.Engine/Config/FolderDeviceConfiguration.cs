using System.Text.Json.Serialization;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Config;

/// <summary>A device a folder is shared with.</summary>
public sealed record FolderDeviceConfiguration
{
    [JsonIgnore]
    public DeviceId DeviceId { get; init; } = DeviceId.Empty;

    [JsonInclude]
    [JsonPropertyName("deviceID")]
    internal string DeviceIdText
    {
        get => DeviceId.ToString();
        init => DeviceId = DeviceIdJson.Parse(value);
    }

    /// <summary>The introducer that added this share, or empty.</summary>
    [JsonIgnore]
    public DeviceId IntroducedBy { get; init; } = DeviceId.Empty;

    [JsonInclude]
    [JsonPropertyName("introducedBy")]
    internal string IntroducedByText
    {
        get => IntroducedBy.ToString();
        init => IntroducedBy = DeviceIdJson.Parse(value);
    }

    /// <summary>Non-empty when the device is untrusted and gets the folder encrypted with this password.</summary>
    public string EncryptionPassword { get; init; } = "";

    [JsonIgnore]
    public XmlExtras Extras { get; init; } = XmlExtras.None;
}
