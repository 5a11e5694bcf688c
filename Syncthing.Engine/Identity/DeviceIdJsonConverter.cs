using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Identity;

/// <summary>A <see cref="DeviceId"/> in JSON: its canonical string; the empty string is the empty ID.</summary>
internal sealed class DeviceIdJsonConverter : JsonConverter<DeviceId>
{
    public override DeviceId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Expected a device ID string.");
        }

        return DeviceId.TryParse(reader.GetString(), out var id, out var error) ? id : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, DeviceId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
