using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Syncthing.Engine.Config;

/// <summary>
/// Completes configuration JSON with 1.19's defaults before it is deserialised: every property a record declares but
/// the JSON object lacks is copied from that record's default instance, in nested objects and in the elements of
/// lists too. Source-generated metadata constructs records with init-only properties through their initialisers'
/// replacement (<c>default</c> for anything absent), so without this a <c>{"id":"x"}</c> folder would get a rescan
/// interval of 0 instead of 3600.
/// </summary>
internal static class ConfigJsonDefaults
{
    // The records with init-only properties and a parameterless constructor; their initialisers are the defaults.
    private static readonly Dictionary<Type, Func<object>> Defaults = new()
    {
        [typeof(Configuration)] = () => new Configuration(),
        [typeof(FolderConfiguration)] = () => new FolderConfiguration(),
        [typeof(DeviceConfiguration)] = () => new DeviceConfiguration(),
        [typeof(FolderDeviceConfiguration)] = () => new FolderDeviceConfiguration(),
        [typeof(GuiConfiguration)] = () => new GuiConfiguration(),
        [typeof(LdapConfiguration)] = () => new LdapConfiguration(),
        [typeof(OptionsConfiguration)] = () => new OptionsConfiguration(),
        [typeof(DefaultsConfiguration)] = () => new DefaultsConfiguration(),
        [typeof(IgnoresConfiguration)] = () => new IgnoresConfiguration(),
        [typeof(VersioningConfiguration)] = () => new VersioningConfiguration(),
        [typeof(ObservedDevice)] = () => new ObservedDevice(),
        [typeof(ObservedFolder)] = () => new ObservedFolder(),
    };

    /// <summary>The record types whose defaults are filled in (for tests that check none is missing).</summary>
    internal static IEnumerable<Type> Types => Defaults.Keys;

    /// <summary>Adds the missing properties of <paramref name="node"/>, read as a <paramref name="type"/>, in place.</summary>
    public static void Fill(JsonNode? node, Type type, JsonSerializerOptions options)
    {
        switch (node)
        {
            case JsonArray array when ValueListElement(type) is { } element:
                foreach (var item in array)
                {
                    Fill(item, element, options);
                }

                break;
            case JsonObject obj:
                FillObject(obj, type, options);
                break;
        }
    }

    private static void FillObject(JsonObject obj, Type type, JsonSerializerOptions options)
    {
        if (!Defaults.TryGetValue(type, out var create))
        {
            return;
        }

        var info = options.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        JsonObject? defaults = null;
        foreach (var property in info.Properties)
        {
            if (obj.TryGetPropertyValue(property.Name, out var child))
            {
                Fill(child, property.PropertyType, options);
                continue;
            }

            defaults ??= JsonSerializer.SerializeToNode(create(), info)!.AsObject();
            if (defaults.TryGetPropertyValue(property.Name, out var value))
            {
                obj[property.Name] = value?.DeepClone();
            }
        }
    }

    private static Type? ValueListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueList<>) ? type.GetGenericArguments()[0] : null;
}
