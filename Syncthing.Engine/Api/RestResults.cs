using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syncthing.Engine.Api;

/// <summary>Builders for responses shaped as 1.19's: indented JSON, and Go's <c>http.Error</c> plain text (message + newline).</summary>
internal static class RestResults
{
    public const string JsonType = "application/json; charset=utf-8";
    public const string TextType = "text/plain; charset=utf-8";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static RestResponse Json(JsonNode? node, int status = 200) =>
        new(status, JsonType, Encoding.UTF8.GetBytes((node?.ToJsonString(Indented) ?? "null") + "\n"));

    public static RestResponse JsonBytes(byte[] utf8Json) => new(200, JsonType, utf8Json);

    public static RestResponse Text(int status, string message) =>
        new(status, TextType, Encoding.UTF8.GetBytes(message + "\n"));

    public static RestResponse Ok() => new(200, TextType, ReadOnlyMemory<byte>.Empty);

    public static RestResponse NotFound() => Text(404, "404 page not found");

    public static RestResponse MethodNotAllowed() => Text(405, "Method Not Allowed");

    public static RestResponse Forbidden() => Text(403, "CSRF Error");
}

/// <summary>Thrown by a handler for input it refuses; the API answers with the status and the plain-text message.</summary>
internal sealed class RestException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static RestException BadRequest(string message) => new(400, message);

    public static RestException NotFound(string message) => new(404, message);
}
