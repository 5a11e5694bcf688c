using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>
/// Compile-time JSON metadata for the configuration records (System.Text.Json source generation): no reflection,
/// no emitted code, so the REST API's first configuration call costs nothing extra and the daemon can be compiled
/// ahead of time. <see cref="ValueList{T}"/> elements are read through their own metadata, so each element type is
/// listed here too. Init-only properties absent from the JSON are filled in by <see cref="ConfigJsonDefaults"/>
/// before deserialising, which the generated code alone would set to <c>default</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(Rfc3339JsonConverter)])]
[JsonSerializable(typeof(Configuration))]
[JsonSerializable(typeof(FolderConfiguration))]
[JsonSerializable(typeof(DeviceConfiguration))]
[JsonSerializable(typeof(FolderDeviceConfiguration))]
[JsonSerializable(typeof(GuiConfiguration))]
[JsonSerializable(typeof(LdapConfiguration))]
[JsonSerializable(typeof(OptionsConfiguration))]
[JsonSerializable(typeof(DefaultsConfiguration))]
[JsonSerializable(typeof(IgnoresConfiguration))]
[JsonSerializable(typeof(VersioningConfiguration))]
[JsonSerializable(typeof(ObservedDevice))]
[JsonSerializable(typeof(ObservedFolder))]
[JsonSerializable(typeof(ValueList<FolderConfiguration>))]
[JsonSerializable(typeof(ValueList<DeviceConfiguration>))]
[JsonSerializable(typeof(string))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
