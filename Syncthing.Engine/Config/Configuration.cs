using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>
/// A whole Syncthing 1.19 configuration (config.xml schema version 36, REST <c>/rest/config</c>). Immutable;
/// change it with <c>with</c> expressions. Read and write it with <see cref="ConfigXml"/> and <see cref="ConfigJson"/>.
/// </summary>
public sealed record Configuration
{
    /// <summary>The config.xml schema version Syncthing 1.19 writes.</summary>
    public const int CurrentVersion = 36;

    public int Version { get; init; } = CurrentVersion;

    public ValueList<FolderConfiguration> Folders { get; init; } = ValueList.Empty<FolderConfiguration>();

    public ValueList<DeviceConfiguration> Devices { get; init; } = ValueList.Empty<DeviceConfiguration>();

    public GuiConfiguration Gui { get; init; } = new();

    public LdapConfiguration Ldap { get; init; } = new();

    public OptionsConfiguration Options { get; init; } = new();

    public ValueList<ObservedDevice> RemoteIgnoredDevices { get; init; } = ValueList.Empty<ObservedDevice>();

    public DefaultsConfiguration Defaults { get; init; } = new();

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
