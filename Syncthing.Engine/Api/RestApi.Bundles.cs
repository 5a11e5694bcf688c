using System.Text.Json;
using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Common;

namespace Syncthing.Engine.Api;

/// <summary>
/// /rest/bundle/*: offline bundles on a running node (our extension, not in Syncthing; docs/BUNDLES.md). Bodies and
/// answers are camelCase JSON (<see cref="BundleExportRequest"/> …); paths are on the node's own file system and
/// must be absolute. Refusals answer 400 (bad input, bundle refused) or 404 (unknown folder, device or file) with a
/// plain-text reason, like every other endpoint.
/// </summary>
internal sealed partial class RestApi
{
    private void MapBundles()
    {
        Map("/rest/bundle/export", "POST", (r, ct) => BundleCallAsync(async () =>
        {
            var request = ReadBundleBody<BundleExportRequest>(r);
            RequireText(request.Folder, "folder");
            RequireText(request.Device, "device");
            RequireAbsolute(request.Path, "path");
            RequireFolder(request.Folder);
            var device = ParseDevice(request.Device);
            if (_node.Configuration.Devices.All(d => d.DeviceId != device))
            {
                throw RestException.NotFound("no such device");
            }

            if (request.MaxSize is <= 0)
            {
                throw RestException.BadRequest("maxSize must be positive");
            }

            return await _node.ExportBundleAsync(request, ct).ConfigureAwait(false);
        }));
        Map("/rest/bundle/import", "POST", (r, ct) => BundleCallAsync(async () =>
        {
            var request = ReadBundleBody<BundleImportRequest>(r);
            RequireAbsolute(request.Path, "path");
            if (request.ReceiptPath is not null)
            {
                RequireAbsolute(request.ReceiptPath, "receiptPath");
            }

            return await _node.ImportBundleAsync(request, ct).ConfigureAwait(false);
        }));
        Map("/rest/bundle/receipt", "POST", (r, ct) => BundleCallAsync(async () =>
        {
            var request = ReadBundleBody<BundleReceiptRequest>(r);
            RequireAbsolute(request.Path, "path");
            return await _node.AcceptBundleReceiptAsync(request, ct).ConfigureAwait(false);
        }));
    }

    /// <summary>Runs a bundle call and maps the node's refusals to 400/404 with their message.</summary>
    private static async Task<RestResponse> BundleCallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            var answer = await call().ConfigureAwait(false);
            return RestResults.JsonBytes(JsonSerializer.SerializeToUtf8Bytes(answer, typeof(T), ApiJsonContext.Default));
        }
        catch (KeyNotFoundException e)
        {
            throw RestException.NotFound(e.Message);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw RestException.NotFound(e.Message);
        }
        catch (Exception e) when (e is ArgumentException or SyncthingException or InvalidDataException)
        {
            throw RestException.BadRequest(e.Message);
        }
    }

    private static T ReadBundleBody<T>(RestRequest request)
    {
        if (request.Body.IsEmpty)
        {
            throw RestException.BadRequest("missing JSON body");
        }

        try
        {
            return (T?)JsonSerializer.Deserialize(request.Body.Span, typeof(T), ApiJsonContext.Default) ?? throw RestException.BadRequest("missing JSON body");
        }
        catch (JsonException e)
        {
            throw RestException.BadRequest("invalid JSON body: " + e.Message);
        }
    }

    private static void RequireText(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw RestException.BadRequest($"missing field: {name}");
        }
    }

    private static void RequireAbsolute(string? path, string name)
    {
        RequireText(path, name);
        if (!Path.IsPathFullyQualified(path!))
        {
            throw RestException.BadRequest($"{name} must be an absolute path on the node: {path}");
        }
    }
}
