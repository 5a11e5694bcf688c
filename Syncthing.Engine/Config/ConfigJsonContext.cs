using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>
/// Source-generated System.Text.Json metadata for the configuration records in Syncthing's REST shape
/// (<c>/rest/config</c> and its sub-resources): camelCase names as 1.19 spells them, device IDs and enums as strings.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(Rfc3339JsonConverter)])]
[JsonSerializable(typeof(Configuration))]
[JsonSerializable(typeof(FolderConfiguration))]
[JsonSerializable(typeof(FolderDeviceConfiguration))]
[JsonSerializable(typeof(VersioningConfiguration))]
[JsonSerializable(typeof(DeviceConfiguration))]
[JsonSerializable(typeof(GuiConfiguration))]
[JsonSerializable(typeof(LdapConfiguration))]
[JsonSerializable(typeof(OptionsConfiguration))]
[JsonSerializable(typeof(DefaultsConfiguration))]
[JsonSerializable(typeof(IgnoresConfiguration))]
[JsonSerializable(typeof(ObservedDevice))]
[JsonSerializable(typeof(ObservedFolder))]
[JsonSerializable(typeof(Size))]
[JsonSerializable(typeof(ValueList<FolderConfiguration>))]
[JsonSerializable(typeof(ValueList<DeviceConfiguration>))]
[JsonSerializable(typeof(ValueList<FolderDeviceConfiguration>))]
[JsonSerializable(typeof(ValueList<ObservedDevice>))]
[JsonSerializable(typeof(ValueList<ObservedFolder>))]
[JsonSerializable(typeof(ValueList<string>))]
[JsonSerializable(typeof(string))]
public sealed partial class ConfigJsonContext : JsonSerializerContext;
