using System.Globalization;
using System.Text.Json;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// The first frame of a bundle: who exported it (device ID and its certificate, whose SHA-256 must equal that ID),
/// for whom, when, whether it is a full index, and the folders with their sequence ranges. Encoded as UTF-8 JSON.
/// </summary>
internal sealed record BundleHeader
{
    public required DeviceId Exporter { get; init; }

    /// <summary>The exporter's certificate (DER); the signature is checked with its public key.</summary>
    public required ReadOnlyMemory<byte> Certificate { get; init; }

    public required IReadOnlyList<DeviceId> Targets { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>True when the records are the exporter's whole index of each folder (an Index, not an IndexUpdate).</summary>
    public bool Full { get; init; }

    public required IReadOnlyList<BundleFolderRange> Folders { get; init; }

    internal byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("format", BundleFormat.Version);
            json.WriteString("exporter", Exporter.ToString());
            json.WriteBase64String("certificate", Certificate.Span);
            json.WriteStartArray("targets");
            foreach (var target in Targets)
            {
                json.WriteStringValue(target.ToString());
            }

            json.WriteEndArray();
            json.WriteString("created", Created.ToString("O", CultureInfo.InvariantCulture));
            json.WriteBoolean("full", Full);
            json.WriteStartArray("folders");
            foreach (var folder in Folders)
            {
                json.WriteStartObject();
                json.WriteString("id", folder.Folder);
                json.WriteString("indexId", folder.IndexId.ToString(CultureInfo.InvariantCulture));
                json.WriteNumber("fromSequence", folder.FromSequence);
                json.WriteNumber("toSequence", folder.ToSequence);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    internal static BundleHeader Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != BundleFormat.Version)
            {
                throw new BundleException("The bundle header names an unsupported format version.");
            }

            var targets = root.GetProperty("targets");
            var folders = root.GetProperty("folders");
            if (targets.GetArrayLength() > BundleFormat.MaxTargets || folders.GetArrayLength() is 0 or > BundleFormat.MaxFolders)
            {
                throw new BundleException("The bundle header lists too many (or no) targets or folders.");
            }

            return new BundleHeader
            {
                Exporter = ParseDevice(root.GetProperty("exporter").GetString()),
                Certificate = root.GetProperty("certificate").GetBytesFromBase64(),
                Targets = [.. targets.EnumerateArray().Select(t => ParseDevice(t.GetString()))],
                Created = DateTimeOffset.Parse(root.GetProperty("created").GetString() ?? string.Empty, CultureInfo.InvariantCulture),
                Full = root.GetProperty("full").GetBoolean(),
                Folders = [.. folders.EnumerateArray().Select(ParseFolder)],
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new BundleException("The bundle header is malformed: " + e.Message, e);
        }
    }

    private static BundleFolderRange ParseFolder(JsonElement folder)
    {
        var id = folder.GetProperty("id").GetString();
        var range = new BundleFolderRange(
            string.IsNullOrEmpty(id) ? throw new FormatException("a folder has no ID") : id,
            ulong.Parse(folder.GetProperty("indexId").GetString() ?? string.Empty, NumberStyles.None, CultureInfo.InvariantCulture),
            folder.GetProperty("fromSequence").GetInt64(),
            folder.GetProperty("toSequence").GetInt64());
        if (range.FromSequence < 0 || range.ToSequence < range.FromSequence)
        {
            throw new FormatException($"folder {id} has an invalid sequence range");
        }

        return range;
    }

    private static DeviceId ParseDevice(string? text) =>
        DeviceId.TryParse(text, out var id, out var error) ? id : throw new FormatException("bad device ID: " + error);
}
