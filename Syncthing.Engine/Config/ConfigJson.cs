using System.Text.Json;
using System.Text.Json.Nodes;
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
    /// Metadata is generated at compile time (<see cref="ConfigJsonContext"/>). The generated code gives init-only
    /// properties that are absent from the JSON the value <c>default</c> instead of their initialiser, so
    /// <see cref="Deserialize{T}(string)"/> first fills in 1.19's defaults (<see cref="ConfigJsonDefaults"/>); callers
    /// that deserialise with these options directly do not get that.
    /// </summary>
    public static JsonSerializerOptions Options => ConfigJsonContext.Default.Options;

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    public static T Deserialize<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return FromNode<T>(JsonNode.Parse(json));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: a property name repeated within one object (JsonObject refuses duplicates).
            throw Invalid<T>(e);
        }
    }

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return FromNode<T>(JsonNode.Parse(utf8Json));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: a property name repeated within one object (JsonObject refuses duplicates).
            throw Invalid<T>(e);
        }
    }

    private static T FromNode<T>(JsonNode? node)
    {
        ConfigJsonDefaults.Fill(node, typeof(T), Options);
        return node.Deserialize(TypeInfo<T>()) ?? throw Null<T>();
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static ConfigValidationException Null<T>() => new($"Invalid {typeof(T).Name} JSON: null.");

    private static ConfigValidationException Invalid<T>(Exception e) =>
        new($"Invalid {typeof(T).Name} JSON at {(e as JsonException)?.Path ?? "$"}: {e.Message}", e);
}
