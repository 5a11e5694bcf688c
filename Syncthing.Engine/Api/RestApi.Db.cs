using System.Text.Json;
using System.Text.Json.Nodes;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Api;

/// <summary>/rest/db/*: folder status and completion, need lists, single files, browsing, scans and ignores.</summary>
internal sealed partial class RestApi
{
    private const int DefaultPerPage = 65536;

    private void MapDb()
    {
        Map("/rest/db/status", "GET", r => RestResults.Json(FolderStatusJson.Build(_node, RequireFolder(RequireQuery(r, "folder")).Id)));
        Map("/rest/db/completion", "GET", Completion);
        Map("/rest/db/need", "GET", r =>
        {
            var folder = RequireFolder(RequireQuery(r, "folder")).Id;
            var (page, perPage) = Paging(r);
            return RestResults.Json(new JsonObject
            {
                ["page"] = page,
                ["perpage"] = perPage,
                ["progress"] = new JsonArray(),
                ["queued"] = new JsonArray(),
                ["rest"] = ApiJson.Files(_node.Index.Need(folder, null, (int)((page - 1) * perPage), (int)perPage)),
            });
        });
        Map("/rest/db/remoteneed", "GET", r =>
        {
            var folder = RequireFolder(RequireQuery(r, "folder")).Id;
            var device = ParseDevice(RequireQuery(r, "device"));
            var (page, perPage) = Paging(r);
            return RestResults.Json(new JsonObject
            {
                ["files"] = ApiJson.Files(_node.Index.Need(folder, device, (int)((page - 1) * perPage), (int)perPage)),
                ["page"] = page,
                ["perpage"] = perPage,
            });
        });
        Map("/rest/db/localchanged", "GET", r =>
        {
            var folder = RequireFolder(RequireQuery(r, "folder")).Id;
            var (page, perPage) = Paging(r);
            var changed = _node.Index.LocalEntriesUnder(folder, "")
                .Where(f => (f.LocalFlags & LocalFlags.ReceiveOnly) != 0)
                .Skip((int)((page - 1) * perPage)).Take((int)perPage);
            return RestResults.Json(new JsonObject { ["files"] = ApiJson.Files(changed), ["page"] = page, ["perpage"] = perPage });
        });
        Map("/rest/db/file", "GET", FileInfo);
        Map("/rest/db/browse", "GET", Browse);
        Map("/rest/db/scan", "POST", ScanAsync);
        Map("/rest/db/override", "POST", async (r, ct) =>
        {
            await _node.OverrideAsync(RequireFolder(RequireQuery(r, "folder")).Id, ct).ConfigureAwait(false);
            return RestResults.Ok();
        });
        Map("/rest/db/revert", "POST", async (r, ct) =>
        {
            await _node.RevertAsync(RequireFolder(RequireQuery(r, "folder")).Id, ct).ConfigureAwait(false);
            return RestResults.Ok();
        });
        Map("/rest/db/ignores", "GET", r => Ignores(RequireFolder(RequireQuery(r, "folder")).Id));
        Map("/rest/db/ignores", "POST", async (r, ct) =>
        {
            var folder = RequireFolder(RequireQuery(r, "folder")).Id;
            await _node.SetIgnoresAsync(folder, ReadIgnoreLines(r), ct).ConfigureAwait(false);
            return Ignores(folder);
        });
    }

    /// <summary>/rest/db/completion: one folder, or (no folder) every folder shared with the device, aggregated as 1.19 does.</summary>
    private RestResponse Completion(RestRequest request)
    {
        DeviceId? device = Query(request, "device") is { Length: > 0 } text ? ParseDevice(text) : null;
        if (device == _node.DeviceId)
        {
            device = null;
        }

        var folder = Query(request, "folder");
        var folders = string.IsNullOrEmpty(folder)
            ? _node.Configuration.Folders.Where(f => device is null || f.Devices.Any(d => d.DeviceId == device)).Select(f => f.Id).ToList()
            : [RequireFolder(folder).Id];
        var parts = folders.Select(f => _node.Index.Completion(f, device)).ToList();
        long globalBytes = parts.Sum(p => p.GlobalBytes), needBytes = parts.Sum(p => p.NeedBytes), needDeletes = parts.Sum(p => p.NeedDeletes);
        double pct = parts.Count == 1 ? parts[0].CompletionPercent : globalBytes == 0 ? 100 : 100 * (1 - ((double)needBytes / globalBytes));
        if (parts.Count != 1 && needBytes == 0 && needDeletes > 0)
        {
            pct = 95;
        }

        return RestResults.Json(new JsonObject
        {
            ["completion"] = pct,
            ["globalBytes"] = globalBytes,
            ["globalItems"] = parts.Sum(p => p.GlobalItems),
            ["needBytes"] = needBytes,
            ["needDeletes"] = needDeletes,
            ["needItems"] = parts.Sum(p => p.NeedItems),
            ["sequence"] = parts.Sum(p => p.Sequence),
        });
    }

    private RestResponse FileInfo(RestRequest request)
    {
        var folder = RequireFolder(RequireQuery(request, "folder")).Id;
        var name = RequireQuery(request, "file");
        var global = _node.Index.GetGlobal(folder, name);
        var local = _node.Index.GetLocal(folder, name);
        if (global is null && local is null)
        {
            throw RestException.NotFound("No such object in the index");
        }

        var available = _node.Index.Availability(folder, name);
        return RestResults.Json(new JsonObject
        {
            ["availability"] = available.Count == 0 ? null : new JsonArray([.. available.Select(d => (JsonNode)new JsonObject { ["id"] = d.ToString(), ["fromTemporary"] = false })]),
            ["global"] = global is null ? null : ApiJson.File(global, withBlocks: true),
            ["local"] = local is null ? null : ApiJson.File(local, withBlocks: true),
            ["mtime"] = new JsonObject { ["err"] = null, ["value"] = new JsonObject { ["real"] = ApiJson.ZeroTime, ["virtual"] = ApiJson.ZeroTime } },
        });
    }

    /// <summary>/rest/db/browse over our entries: a tree below <c>prefix</c>, <c>levels</c> deep (0 = direct children; default unlimited).</summary>
    private RestResponse Browse(RestRequest request)
    {
        var folder = RequireFolder(RequireQuery(request, "folder")).Id;
        var prefix = (Query(request, "prefix") ?? "").Trim('/');
        var levels = QueryInt(request, "levels", -1);
        var dirsOnly = Query(request, "dirsonly") is { Length: > 0 } d && d != "false" && d != "0";
        var roots = new JsonArray();
        var dirs = new Dictionary<string, JsonArray>(StringComparer.Ordinal) { [""] = roots };
        foreach (var f in _node.Index.LocalEntriesUnder(folder, prefix))
        {
            var relative = prefix.Length == 0 ? f.Name : f.Name[(prefix.Length + 1)..];
            var slash = relative.LastIndexOf('/');
            var parent = slash < 0 ? "" : relative[..slash];
            var depth = relative.Count(c => c == '/');
            if (f.Deleted || f.IsInvalid || (levels >= 0 && depth > levels) || (dirsOnly && !f.IsDirectory) || !dirs.TryGetValue(parent, out var siblings))
            {
                continue;
            }

            var entry = new JsonObject
            {
                ["name"] = slash < 0 ? relative : relative[(slash + 1)..],
                ["modTime"] = ApiJson.Time(f.Modified),
                ["size"] = f.IsFile ? f.Size : 128,
                ["type"] = ApiJson.TypeName(f.Kind),
            };
            if (f.IsDirectory)
            {
                var children = new JsonArray();
                entry["children"] = children;
                dirs[relative] = children;
            }

            siblings.Add((JsonNode)entry);
        }

        return RestResults.Json(roots);
    }

    private async Task<RestResponse> ScanAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var folder = Query(request, "folder");
        var sub = Query(request, "sub") is { Length: > 0 } s ? new[] { s } : null;
        var folders = string.IsNullOrEmpty(folder) ? _node.Configuration.Folders.Select(f => f.Id).ToList() : [RequireFolder(folder).Id];
        foreach (var id in folders)
        {
            try
            {
                await _node.ScanAsync(id, sub, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                return RestResults.Text(500, e.Message);
            }
        }

        return RestResults.Ok();
    }

    private RestResponse Ignores(string folder)
    {
        var ignores = _node.GetIgnores(folder);
        return RestResults.Json(new JsonObject
        {
            ["error"] = ignores.Error,
            ["expanded"] = ignores.Expanded is null ? null : new JsonArray([.. ignores.Expanded.Select(x => (JsonNode)x)]),
            ["ignore"] = ignores.Lines is null ? null : new JsonArray([.. ignores.Lines.Select(x => (JsonNode)x)]),
        });
    }

    private static List<string> ReadIgnoreLines(RestRequest request)
    {
        try
        {
            using var doc = JsonDocument.Parse(request.Body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("ignore", out var lines))
            {
                throw RestException.BadRequest("expected {\"ignore\": [lines]}");
            }

            return lines.ValueKind == JsonValueKind.Null ? [] : [.. lines.EnumerateArray().Select(l => l.GetString() ?? "")];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw RestException.BadRequest(e.Message);
        }
    }

    private static (long Page, long PerPage) Paging(RestRequest request)
    {
        var page = Math.Max(1, QueryInt(request, "page", 1));
        var perPage = Math.Clamp(QueryInt(request, "perpage", DefaultPerPage), 1, DefaultPerPage);
        return (page, perPage);
    }
}
