using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>JSON timestamps in Go's RFC 3339 form.</summary>
internal sealed class Rfc3339JsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Rfc3339.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("Expected an RFC 3339 timestamp.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Rfc3339.Format(value));
}
