using System.Text.Json.Nodes;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Api;

/// <summary>/rest/cluster/pending/devices and /rest/cluster/pending/folders (GET, DELETE).</summary>
internal sealed partial class RestApi
{
    private void MapCluster()
    {
        Map("/rest/cluster/pending/devices", "GET", _ =>
        {
            var result = new JsonObject();
            foreach (var d in _node.PendingDevices)
            {
                result[d.DeviceId.ToString()] = new JsonObject { ["time"] = ApiJson.Time(d.Time), ["name"] = d.Name, ["address"] = d.Address };
            }

            return RestResults.Json(result);
        });
        Map("/rest/cluster/pending/devices", "DELETE", r =>
        {
            _node.DismissPendingDevice(ParseDevice(RequireQuery(r, "device")));
            return RestResults.Ok();
        });
        Map("/rest/cluster/pending/folders", "GET", r =>
        {
            DeviceId? device = Query(r, "device") is { Length: > 0 } text ? ParseDevice(text) : null;
            var result = new JsonObject();
            foreach (var group in _node.PendingFolders.Where(f => device is null || f.DeviceId == device).GroupBy(f => f.FolderId, StringComparer.Ordinal))
            {
                var offeredBy = new JsonObject();
                foreach (var f in group)
                {
                    offeredBy[f.DeviceId.ToString()] = new JsonObject
                    {
                        ["time"] = ApiJson.Time(f.Time),
                        ["label"] = f.Label,
                        ["receiveEncrypted"] = false,
                        ["remoteEncrypted"] = false,
                    };
                }

                result[group.Key] = new JsonObject { ["offeredBy"] = offeredBy };
            }

            return RestResults.Json(result);
        });
        Map("/rest/cluster/pending/folders", "DELETE", r =>
        {
            DeviceId? device = Query(r, "device") is { Length: > 0 } text ? ParseDevice(text) : null;
            _node.DismissPendingFolder(RequireQuery(r, "folder"), device);
            return RestResults.Ok();
        });
    }
}
