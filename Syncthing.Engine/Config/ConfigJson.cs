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
    /// <summary>Options carrying the source-generated metadata, for callers that serialise through other APIs.</summary>
    public static JsonSerializerOptions Options => ConfigJsonContext.Default.Options;

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

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        ConfigJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T).Name} is not a configuration type with a JSON shape.");

    private static ConfigValidationException Null<T>() => new($"Invalid {typeof(T).Name} JSON: null.");

    private static ConfigValidationException Invalid<T>(JsonException e) =>
        new($"Invalid {typeof(T).Name} JSON at {e.Path ?? "$"}: {e.Message}", e);
}
