using System.Text.Json;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// The manifest in a bundle's trailer: how many records and blocks came before it and the SHA-256 of every byte
/// from the magic to the end of the last frame before the trailer. The signature covers the manifest's bytes.
/// </summary>
internal sealed record BundleManifest(long Records, long Blocks, long BlockBytes, string ContentSha256)
{
    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("records", Records);
            json.WriteNumber("blocks", Blocks);
            json.WriteNumber("blockBytes", BlockBytes);
            json.WriteString("contentSha256", ContentSha256);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static BundleManifest Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            return new BundleManifest(
                root.GetProperty("records").GetInt64(),
                root.GetProperty("blocks").GetInt64(),
                root.GetProperty("blockBytes").GetInt64(),
                root.GetProperty("contentSha256").GetString() ?? throw new FormatException("no content hash"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BundleException("The bundle manifest is malformed: " + e.Message, e);
        }
    }
}
