using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>JSON arrays for <see cref="ValueList{T}"/>; <c>null</c> reads as an empty list, as Go's nil slices do.</summary>
internal sealed class ValueListJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var element = typeToConvert.GetGenericArguments()[0];
        if (element == typeof(string))
        {
            return new ValueListJsonConverter<string>();
        }

        if (element == typeof(FolderDeviceConfiguration))
        {
            return new ValueListJsonConverter<FolderDeviceConfiguration>();
        }

        if (element == typeof(FolderConfiguration))
        {
            return new ValueListJsonConverter<FolderConfiguration>();
        }

        if (element == typeof(DeviceConfiguration))
        {
            return new ValueListJsonConverter<DeviceConfiguration>();
        }

        if (element == typeof(ObservedFolder))
        {
            return new ValueListJsonConverter<ObservedFolder>();
        }

        if (element == typeof(ObservedDevice))
        {
            return new ValueListJsonConverter<ObservedDevice>();
        }

        throw new NotSupportedException($"No JSON converter for ValueList<{element.Name}>.");
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
