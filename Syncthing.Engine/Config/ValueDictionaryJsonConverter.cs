using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>A JSON object of strings for <see cref="ValueDictionary"/>; <c>null</c> reads as empty.</summary>
internal sealed class ValueDictionaryJsonConverter : JsonConverter<ValueDictionary>
{
    public override bool HandleNull => true;

    public override ValueDictionary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ValueDictionary.Empty;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object of strings.");
        }

        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            items[key] = reader.TokenType == JsonTokenType.String
                ? reader.GetString()!
                : throw new JsonException($"Expected a string value for '{key}'.");
        }

        return new ValueDictionary(items);
    }

    public override void Write(Utf8JsonWriter writer, ValueDictionary value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (k, v) in value ?? ValueDictionary.Empty)
        {
            writer.WriteString(k, v);
        }

        writer.WriteEndObject();
    }
}
