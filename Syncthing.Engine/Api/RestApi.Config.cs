using System.Text.Json.Nodes;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Api;

/// <summary>
/// /rest/config and its parts, as 1.19's config handler: PUT replaces (a single folder or device is read over the
/// configured defaults), POST on a list adds or replaces one item, PATCH overlays the given keys on the current
/// value. Every change is validated and applied live through <see cref="IApiNode.SetConfigurationAsync"/>.
/// </summary>
internal sealed partial class RestApi
{
    private void MapConfig()
    {
        Map("/rest/config", "GET", _ => RestResults.JsonBytes(ConfigJson.SerializeToUtf8Bytes(_node.Configuration)));
        Map("/rest/config", "PUT", (r, ct) => SaveAsync(Read<Configuration>(r) with { Extras = _node.Configuration.Extras }, ct));
        Map("/rest/config/restart-required", "GET", _ => RestResults.Json(new JsonObject { ["requiresRestart"] = false }));
        Map("/rest/config/insync", "GET", _ => RestResults.Json(new JsonObject { ["configInSync"] = true }));

        Map("/rest/config/folders", "GET", _ => RestResults.JsonBytes(ConfigJson.SerializeToUtf8Bytes(_node.Configuration.Folders)));
        Map("/rest/config/folders", "PUT", (r, ct) => SaveAsync(_node.Configuration with { Folders = Read<ValueList<FolderConfiguration>>(r) }, ct));
        Map("/rest/config/folders", "POST", (r, ct) => PutFolderAsync(Merge(DefaultFolder(), r), ct));
        Map("/rest/config/folders/", "GET", r => RestResults.JsonBytes(ConfigJson.SerializeToUtf8Bytes(FindFolder(r.Path))));
        Map("/rest/config/folders/", "PUT", (r, ct) => PutFolderAsync(Merge(DefaultFolder(), r) with { Id = r.Path }, ct));
        Map("/rest/config/folders/", "PATCH", (r, ct) => PutFolderAsync(Merge(FindFolder(r.Path), r) with { Id = r.Path }, ct));
        Map("/rest/config/folders/", "DELETE", (r, ct) =>
        {
            FindFolder(r.Path);
            return SaveAsync(_node.Configuration with { Folders = _node.Configuration.Folders.RemoveAll(f => f.Id == r.Path) }, ct);
        });

        Map("/rest/config/devices", "GET", _ => RestResults.JsonBytes(ConfigJson.SerializeToUtf8Bytes(_node.Configuration.Devices)));
        Map("/rest/config/devices", "PUT", (r, ct) => SaveAsync(_node.Configuration with { Devices = Read<ValueList<DeviceConfiguration>>(r) }, ct));
        Map("/rest/config/devices", "POST", (r, ct) => PutDeviceAsync(Merge(_node.Configuration.Defaults.Device, r), ct));
        Map("/rest/config/devices/", "GET", r => RestResults.JsonBytes(ConfigJson.SerializeToUtf8Bytes(FindDevice(r.Path))));
        Map("/rest/config/devices/", "PUT", (r, ct) => PutDeviceAsync(Merge(_node.Configuration.Defaults.Device, r) with { DeviceId = ParseDevice(r.Path) }, ct));
        Map("/rest/config/devices/", "PATCH", (r, ct) => PutDeviceAsync(Merge(FindDevice(r.Path), r) with { DeviceId = ParseDevice(r.Path) }, ct));
        Map("/rest/config/devices/", "DELETE", (r, ct) =>
        {
            var id = FindDevice(r.Path).DeviceId;
            return SaveAsync(_node.Configuration with { Devices = _node.Configuration.Devices.RemoveAll(d => d.DeviceId == id) }, ct);
        });

        Map("/rest/config/options", "GET", _ => RestResults.JsonBytes(ConfigJson.SerializeToUtf8Bytes(_node.Configuration.Options)));
        Map("/rest/config/options", "PUT", (r, ct) => SaveAsync(_node.Configuration with { Options = Read<OptionsConfiguration>(r) }, ct));
        Map("/rest/config/options", "PATCH", (r, ct) => SaveAsync(_node.Configuration with { Options = Merge(_node.Configuration.Options, r) }, ct));
        Map("/rest/config/gui", "GET", _ => RestResults.JsonBytes(ConfigJson.SerializeToUtf8Bytes(_node.Configuration.Gui)));
        Map("/rest/config/gui", "PUT", (r, ct) => SaveAsync(_node.Configuration with { Gui = Read<GuiConfiguration>(r) }, ct));
        Map("/rest/config/gui", "PATCH", (r, ct) => SaveAsync(_node.Configuration with { Gui = Merge(_node.Configuration.Gui, r) }, ct));
    }

    private async Task<RestResponse> SaveAsync(Configuration configuration, CancellationToken cancellationToken)
    {
        await _node.SetConfigurationAsync(configuration, cancellationToken).ConfigureAwait(false);
        return RestResults.Ok();
    }

    private Task<RestResponse> PutFolderAsync(FolderConfiguration folder, CancellationToken cancellationToken)
    {
        var current = _node.Configuration;
        var existing = current.Folders.FirstOrDefault(f => f.Id == folder.Id);
        return SaveAsync(current with { Folders = existing is null ? current.Folders.Add(folder) : current.Folders.Replace(existing, folder) }, cancellationToken);
    }

    private Task<RestResponse> PutDeviceAsync(DeviceConfiguration device, CancellationToken cancellationToken)
    {
        var current = _node.Configuration;
        var existing = current.Devices.FirstOrDefault(d => d.DeviceId == device.DeviceId);
        return SaveAsync(current with { Devices = existing is null ? current.Devices.Add(device) : current.Devices.Replace(existing, device) }, cancellationToken);
    }

    /// <summary>The folder defaults, shared with us as 1.19's defaults are.</summary>
    private FolderConfiguration DefaultFolder() => _node.Configuration.Defaults.Folder;

    private FolderConfiguration FindFolder(string id) =>
        _node.Configuration.Folders.FirstOrDefault(f => f.Id == id) ?? throw RestException.NotFound("No folder with given ID");

    private DeviceConfiguration FindDevice(string id)
    {
        var device = ParseDevice(id);
        return _node.Configuration.Devices.FirstOrDefault(d => d.DeviceId == device) ?? throw RestException.NotFound("No device with given ID");
    }

    private static DeviceId ParseDevice(string text) =>
        DeviceId.TryParse(text, out var id, out var error) ? id : throw RestException.BadRequest(error);

    private static T Read<T>(RestRequest request) => ConfigJson.Deserialize<T>(request.Body.Span);

    /// <summary>
    /// Reads the body over <paramref name="current"/> as Go's json.Unmarshal onto an existing struct does: keys in
    /// the body replace (objects merge recursively), keys absent keep their value.
    /// </summary>
    private static T Merge<T>(T current, RestRequest request)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.Body.Span);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw RestException.BadRequest(e.Message);
        }

        if (body is not JsonObject patch)
        {
            throw RestException.BadRequest("expected a JSON object");
        }

        var target = JsonNode.Parse(ConfigJson.Serialize(current))!.AsObject();
        Overlay(target, patch);
        return ConfigJson.Deserialize<T>(target.ToJsonString());
    }

    private static void Overlay(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                Overlay(existing, inner);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
