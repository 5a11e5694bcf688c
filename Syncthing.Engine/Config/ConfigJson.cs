using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Syncthing.Engine.Config;

/// <summary>
/// The configuration records in the JSON shape of Syncthing 1.19's REST API. <typeparamref name="T"/> is any
/// record of this namespace (or a <see cref="ValueList{T}"/> of folders or devices); fields missing from the JSON
/// take 1.19's defaults.
/// </summary>
public static class ConfigJson
{
    /// <summary>
    /// Read-only options for these records, for callers that serialise through other APIs (ASP.NET, HttpClient).
    /// Metadata comes from the records' attributes through reflection: the .NET 8 source generator gives init-only
    /// properties that are absent from the JSON the value <c>default</c> instead of their initialiser, which
    /// would lose 1.19's defaults.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    public static T Deserialize<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, TypeInfo<T>()) ?? throw Null<T>();
        }
        catch (JsonException e)
        {
            throw Invalid<T>(e);
        }
    }

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, TypeInfo<T>()) ?? throw Null<T>();
        }
        catch (JsonException e)
        {
            throw Invalid<T>(e);
        }
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new Rfc3339JsonConverter(), new DeviceIdJsonConverter() },
        };
        options.MakeReadOnly();
        return options;
    }

    private static ConfigValidationException Null<T>() => new($"Invalid {typeof(T).Name} JSON: null.");

    private static ConfigValidationException Invalid<T>(JsonException e) =>
        new($"Invalid {typeof(T).Name} JSON at {e.Path ?? "$"}: {e.Message}", e);
}
