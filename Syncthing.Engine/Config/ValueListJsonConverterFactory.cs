using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>
/// JSON arrays for <see cref="ValueList{T}"/>; <c>null</c> reads as an empty list, as Go's nil slices do. The element
/// types are the configuration's own, listed here rather than instantiated from a <see cref="Type"/> at run time, so
/// the converters exist in code compiled ahead of time.
/// </summary>
internal sealed class ValueListJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var element = typeToConvert.GetGenericArguments()[0];
        return element == typeof(string) ? new ValueListJsonConverter<string>()
            : element == typeof(FolderConfiguration) ? new ValueListJsonConverter<FolderConfiguration>()
            : element == typeof(DeviceConfiguration) ? new ValueListJsonConverter<DeviceConfiguration>()
            : element == typeof(FolderDeviceConfiguration) ? new ValueListJsonConverter<FolderDeviceConfiguration>()
            : element == typeof(ObservedDevice) ? new ValueListJsonConverter<ObservedDevice>()
            : element == typeof(ObservedFolder) ? new ValueListJsonConverter<ObservedFolder>()
            : throw new NotSupportedException($"No JSON converter for ValueList<{element.Name}>; add it to ValueListJsonConverterFactory.");
    }
}

/// <summary>Reads and writes the elements through the options' type info, so source-generated metadata is used.</summary>
internal sealed class ValueListJsonConverter<T> : JsonConverter<ValueList<T>>
{
    public override bool HandleNull => true;

    public override ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ValueList.Empty<T>();
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a JSON array.");
        }

        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(JsonSerializer.Deserialize(ref reader, info)!);
        }

        return new ValueList<T>(items);
    }

    public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        writer.WriteStartArray();
        foreach (var item in value ?? ValueList.Empty<T>())
        {
            JsonSerializer.Serialize(writer, item, info);
        }

        writer.WriteEndArray();
    }
}
