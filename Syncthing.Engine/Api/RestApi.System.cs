using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Syncthing.Engine.Events;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Api;

/// <summary>/rest/system/*, /rest/svc/deviceid, /rest/events and /rest/stats/*.</summary>
internal sealed partial class RestApi
{
    /// <summary>The Syncthing version we answer as: tools check it to pick endpoints.</summary>
    public const string CompatibleVersion = "v1.19.2";

    private void MapSystem()
    {
        Map("/rest/system/ping", "GET", _ => RestResults.Json(new JsonObject { ["ping"] = "pong" }));
        Map("/rest/system/ping", "POST", _ => RestResults.Json(new JsonObject { ["ping"] = "pong" }));
        Map("/rest/system/status", "GET", _ => Status());
        Map("/rest/system/version", "GET", _ => Version());
        Map("/rest/system/connections", "GET", _ => Connections());
        Map("/rest/system/shutdown", "POST", _ =>
        {
            _node.RequestShutdown();
            return RestResults.Json(new JsonObject { ["ok"] = "shutting down" });
        });
        Map("/rest/system/restart", "POST", _ =>
        {
            _node.RequestRestart();
            return RestResults.Json(new JsonObject { ["ok"] = "restarting" });
        });
        Map("/rest/system/error", "GET", _ => Errors());
        Map("/rest/system/error", "POST", r =>
        {
            _node.Errors.Add(Encoding.UTF8.GetString(r.Body.Span).TrimEnd());
            return RestResults.Ok();
        });
        Map("/rest/system/error/clear", "POST", _ =>
        {
            _node.Errors.Clear();
            return RestResults.Ok();
        });
        Map("/rest/svc/deviceid", "GET", r => DeviceId.TryParse(Query(r, "id"), out var id, out var error)
            ? RestResults.Json(new JsonObject { ["id"] = id.ToString() })
            : RestResults.Json(new JsonObject { ["error"] = error }));
        Map("/rest/events", "GET", (r, ct) => EventsAsync(r, EventMasks.Parse(Query(r, "events")), ct));
        Map("/rest/events/disk", "GET", (r, ct) => EventsAsync(r, EventMasks.Disk, ct));
        Map("/rest/stats/device", "GET", _ => DeviceStats());
        Map("/rest/stats/folder", "GET", _ => FolderStats());
    }

    private RestResponse Status()
    {
        var now = _node.Time.GetUtcNow();
        var gui = _node.Configuration.Gui;
        return RestResults.Json(new JsonObject
        {
            ["alloc"] = GC.GetTotalMemory(forceFullCollection: false),
            ["connectionServiceStatus"] = new JsonObject(),
            ["cpuPercent"] = 0,
            ["goroutines"] = ThreadPool.ThreadCount,
            ["guiAddressOverridden"] = false,
            ["guiAddressUsed"] = gui.Address,
            ["lastDialStatus"] = new JsonObject(),
            ["myID"] = _node.DeviceId.ToString(),
            ["pathSeparator"] = Path.DirectorySeparatorChar.ToString(),
            ["startTime"] = ApiJson.Time(_node.StartTime),
            ["sys"] = GC.GetGCMemoryInfo().TotalCommittedBytes,
            ["tilde"] = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ["uptime"] = (long)(now - _node.StartTime).TotalSeconds,
            ["urVersionMax"] = 3,
        });
    }

    private static RestResponse Version()
    {
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "386",
            var other => other.ToString().ToLowerInvariant(),
        };
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        return RestResults.Json(new JsonObject
        {
            ["arch"] = arch,
            ["codename"] = "Fermium Flea",
            ["date"] = ApiJson.EpochTime,
            ["isBeta"] = false,
            ["isCandidate"] = false,
            ["isRelease"] = true,
            ["longVersion"] = $"syncthing {CompatibleVersion} \"Fermium Flea\" (dotnet {Environment.Version} {os}-{arch}) Syncthing.Engine",
            ["os"] = os,
            ["stamp"] = "0",
            ["tags"] = new JsonArray("dotnet"),
            ["user"] = "",
            ["version"] = CompatibleVersion,
        });
    }

    private RestResponse Connections()
    {
        var now = ApiJson.Time(_node.Time.GetUtcNow());
        var connections = new JsonObject
        {
            [_node.DeviceId.ToString()] = Connection(ApiJson.ZeroTime, 0, 0, ApiJson.ZeroTime, false, false, "", "", "", ""),
        };
        long totalIn = 0, totalOut = 0;
        foreach (var c in _node.GetConnections())
        {
            totalIn += c.InBytesTotal;
            totalOut += c.OutBytesTotal;
            connections[c.DeviceId.ToString()] = c.Connected
                ? Connection(now, c.InBytesTotal, c.OutBytesTotal, c.StartedAt is { } s ? ApiJson.Time(s) : ApiJson.ZeroTime, true, c.Paused, c.Address, c.ClientVersion, c.Type, c.Crypto)
                : Connection(ApiJson.ZeroTime, 0, 0, ApiJson.ZeroTime, false, c.Paused, "", "", "", "");
        }

        return RestResults.Json(new JsonObject
        {
            ["connections"] = connections,
            ["total"] = new JsonObject { ["at"] = now, ["inBytesTotal"] = totalIn, ["outBytesTotal"] = totalOut },
        });
    }

    private static JsonObject Connection(string at, long inBytes, long outBytes, string startedAt, bool connected, bool paused, string address, string clientVersion, string type, string crypto) => new()
    {
        ["at"] = at,
        ["inBytesTotal"] = inBytes,
        ["outBytesTotal"] = outBytes,
        ["startedAt"] = startedAt,
        ["connected"] = connected,
        ["paused"] = paused,
        ["address"] = address,
        ["clientVersion"] = clientVersion,
        ["type"] = type,
        ["crypto"] = crypto,
    };

    private RestResponse Errors()
    {
        var errors = _node.Errors.All();
        return RestResults.Json(new JsonObject
        {
            // 1.19 answers null, not [], when there are none (a nil Go slice).
            ["errors"] = errors.Count == 0 ? null : new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject
            {
                ["when"] = ApiJson.Time(e.When),
                ["message"] = e.Message,
                ["level"] = e.Level,
            })]),
        });
    }

    private async Task<RestResponse> EventsAsync(RestRequest request, EventType mask, CancellationToken cancellationToken)
    {
        var since = QueryInt(request, "since", 0);
        var limit = QueryInt(request, "limit", 0);
        var timeoutS = QueryInt(request, "timeout", (long)EventLog.DefaultTimeout.TotalSeconds);
        var timeout = TimeSpan.FromSeconds(Math.Clamp(timeoutS, 0, 3600));
        var events = await _node.Events.GetAsync(since, (int)Math.Clamp(limit, 0, int.MaxValue), timeout, mask, cancellationToken).ConfigureAwait(false);
        return RestResults.Json(EventJson.Array(events));
    }

    private RestResponse DeviceStats()
    {
        var now = _node.Time.GetUtcNow();
        var connected = _node.GetConnections().Where(c => c.Connected).ToDictionary(c => c.DeviceId);
        var result = new JsonObject();
        foreach (var device in _node.Configuration.Devices.DistinctBy(d => d.DeviceId))
        {
            var live = connected.TryGetValue(device.DeviceId, out var c) && c.StartedAt is not null;
            result[device.DeviceId.ToString()] = new JsonObject
            {
                ["lastSeen"] = live ? ApiJson.Time(now) : ApiJson.EpochTime,
                ["lastConnectionDurationS"] = live ? (now - c!.StartedAt!.Value).TotalSeconds : 0,
            };
        }

        return RestResults.Json(result);
    }

    private RestResponse FolderStats()
    {
        var result = new JsonObject();
        foreach (var folder in _node.Configuration.Folders)
        {
            result[folder.Id] = new JsonObject
            {
                ["lastFile"] = new JsonObject { ["at"] = ApiJson.EpochTime, ["filename"] = "", ["deleted"] = false },
                ["lastScan"] = _node.LastScan(folder.Id) is { } scan ? ApiJson.Time(scan) : ApiJson.EpochTime,
            };
        }

        return RestResults.Json(result);
    }
}
