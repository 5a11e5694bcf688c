using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>Writes a configuration enum as Syncthing's string ("sendreceive", "metadata", …).</summary>
internal sealed class ConfigEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}.");
        }

        return ConfigEnumText.Parse<T>(reader.GetString());
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ConfigEnumText.ToText(value));
}
