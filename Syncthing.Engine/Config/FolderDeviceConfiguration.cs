using System.Text.Json.Serialization;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Config;

/// <summary>A device a folder is shared with.</summary>
public sealed record FolderDeviceConfiguration
{
    [JsonPropertyName("deviceID")]
    public DeviceId DeviceId { get; init; } = DeviceId.Empty;

    /// <summary>The introducer that added this share, or empty.</summary>
    public DeviceId IntroducedBy { get; init; } = DeviceId.Empty;

    /// <summary>Non-empty when the device is untrusted and gets the folder encrypted with this password.</summary>
    public string EncryptionPassword { get; init; } = "";

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
