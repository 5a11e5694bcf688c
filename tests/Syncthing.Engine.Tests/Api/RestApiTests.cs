using System.Text.Json.Nodes;
using Syncthing.Engine.Config;

namespace Syncthing.Engine.Tests.Api;

/// <summary>
/// RestApi against a real in-process SyncNode, one test per endpoint family; shapes are compared with responses
/// captured from real Syncthing 1.19.2 (docs: syncthing-rest-samples), trimmed of device-keyed maps.
/// </summary>
public sealed class RestApiTests : IAsyncLifetime
{
    private ApiTestNode _n = null!;

    public Task InitializeAsync()
    {
        _n = new ApiTestNode();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _n.DisposeAsync();

    [Fact]
    public async Task Requests_without_or_with_a_wrong_api_key_are_refused_like_1_19()
    {
        var missing = await _n.SendAsync("GET", "/rest/system/ping", apiKey: null);
        var wrong = await _n.SendAsync("GET", "/rest/system/ping", apiKey: "nope");
        var noauth = await _n.SendAsync("GET", "/rest/noauth/health", apiKey: null);

        Assert.Equal((403, "CSRF Error\n"), (missing.Status, ApiTestNode.Text(missing)));
        Assert.Equal(403, wrong.Status);
        Assert.Equal(403, noauth.Status);
    }

    [Fact]
    public async Task Unknown_paths_answer_404_and_wrong_methods_405()
    {
        var unknown = await _n.SendAsync("GET", "/rest/noauth/health");
        var method = await _n.SendAsync("DELETE", "/rest/system/status");

        Assert.Equal((404, "404 page not found\n"), (unknown.Status, ApiTestNode.Text(unknown)));
        Assert.Equal(405, method.Status);
    }

    [Fact]
    public async Task System_endpoints_have_1_19_shapes()
    {
        JsonShape.AssertSame("""{"ping":"pong"}""", await _n.JsonAsync("POST", "/rest/system/ping"));
        var status = await _n.JsonAsync("GET", "/rest/system/status");
        JsonShape.AssertSame(Samples.Status, status);
        Assert.Equal(_n.Node.DeviceId.ToString(), (string?)status!["myID"]);
        JsonShape.AssertSame(Samples.Version, await _n.JsonAsync("GET", "/rest/system/version"));

        var connections = await _n.JsonAsync("GET", "/rest/system/connections");
        JsonShape.AssertSame(Samples.Connection, connections!["connections"]![_n.Node.DeviceId.ToString()]);
        JsonShape.AssertSame("""{"at":"","inBytesTotal":0,"outBytesTotal":0}""", connections["total"]);

        await _n.JsonAsync("GET", "/rest/system/error").ContinueWith(t => Assert.Null(t.Result!["errors"]), TaskScheduler.Default);
        Assert.Equal(200, (await _n.SendAsync("POST", "/rest/system/error", "disk on fire")).Status);
        var errors = await _n.JsonAsync("GET", "/rest/system/error");
        JsonShape.AssertSame("""{"errors":[{"when":"","message":"","level":3}]}""", errors);
        Assert.Equal("disk on fire", (string?)errors!["errors"]![0]!["message"]);
        await _n.SendAsync("POST", "/rest/system/error/clear");
        Assert.Null((await _n.JsonAsync("GET", "/rest/system/error"))!["errors"]);

        var shutdowns = 0;
        _n.Node.ShutdownRequested += (_, _) => shutdowns++;
        JsonShape.AssertSame("""{"ok":""}""", await _n.JsonAsync("POST", "/rest/system/shutdown"));
        Assert.Equal(1, shutdowns);
    }

    [Fact]
    public async Task Config_changes_apply_live_and_items_support_get_put_patch_delete()
    {
        var config = await _n.JsonAsync("GET", "/rest/config");
        Assert.Equal(36, (int?)config!["version"]);
        JsonShape.AssertSame("""{"requiresRestart":false}""", await _n.JsonAsync("GET", "/rest/config/restart-required"));

        var other = ConfigDefaults.Create(Syncthing.Engine.Identity.DeviceId.FromCertificate([1, 2, 3]), "x", false).Devices[0];
        var add = await _n.SendAsync("POST", "/rest/config/devices", ConfigJson.Serialize(other with { Name = "peer" }));
        Assert.Equal(200, add.Status);
        Assert.Contains(_n.Node.Configuration.Devices, d => d.DeviceId == other.DeviceId && d.Name == "peer");

        var patch = await _n.SendAsync("PATCH", "/rest/config/devices/" + other.DeviceId, """{"name":"renamed","paused":true}""");
        Assert.Equal(200, patch.Status);
        var device = await _n.JsonAsync("GET", "/rest/config/devices/" + other.DeviceId);
        Assert.Equal(("renamed", true), ((string?)device!["name"], (bool?)device["paused"]));

        await _n.JsonAsync("PATCH", "/rest/config/folders/" + ApiTestNode.FolderId, """{"label":"New label"}""");
        Assert.Equal("New label", _n.Node.Configuration.Folders[0].Label);
        Assert.Equal(_n.DataPath, _n.Node.Configuration.Folders[0].Path);

        await _n.JsonAsync("PATCH", "/rest/config/options", """{"relaysEnabled":false,"reconnectionIntervalS":5}""");
        Assert.Equal(5, _n.Node.Configuration.Options.ReconnectionIntervalS);

        Assert.Equal(200, (await _n.SendAsync("DELETE", "/rest/config/devices/" + other.DeviceId)).Status);
        Assert.DoesNotContain(_n.Node.Configuration.Devices, d => d.DeviceId == other.DeviceId);
        Assert.Equal(404, (await _n.SendAsync("GET", "/rest/config/folders/nope")).Status);
        Assert.Equal(400, (await _n.SendAsync("PUT", "/rest/config/options", "{not json")).Status);
        Assert.Equal(400, (await _n.SendAsync("GET", "/rest/config/devices/not-a-device")).Status);
        Assert.Equal(400, (await _n.SendAsync("POST", "/rest/config/folders", """{"id":"","path":""}""")).Status);

        Assert.Equal(200, (await _n.SendAsync("DELETE", "/rest/config/folders/" + ApiTestNode.FolderId)).Status);
        Assert.Empty(_n.Node.Configuration.Folders);
    }

    [Fact]
    public async Task Db_endpoints_report_a_scanned_folder()
    {
        await File.WriteAllTextAsync(Path.Combine(_n.DataPath, "small.txt"), "hello world!");
        Directory.CreateDirectory(Path.Combine(_n.DataPath, "sub"));
        await File.WriteAllTextAsync(Path.Combine(_n.DataPath, "sub", "inner.txt"), "x");

        Assert.Equal(200, (await _n.SendAsync("POST", "/rest/db/scan", query: ("folder", ApiTestNode.FolderId))).Status);

        var q = ("folder", ApiTestNode.FolderId);
        // The scan request completes inside the scan; the folder reports idle a moment later: wait (bounded) for it.
        var status = await _n.JsonAsync("GET", "/rest/db/status", query: q);
        using (var settle = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while ((string?)status!["state"] != "idle")
            {
                await Task.Delay(20, settle.Token);
                status = await _n.JsonAsync("GET", "/rest/db/status", query: q);
            }
        }

        JsonShape.AssertSame(Samples.DbStatus, status);
        Assert.Equal((2, 1, "idle"), ((int?)status!["globalFiles"], (int?)status["globalDirectories"], (string?)status["state"]));
        var completion = await _n.JsonAsync("GET", "/rest/db/completion", query: q);
        JsonShape.AssertSame(Samples.Completion, completion);
        Assert.Equal(100, (double?)completion!["completion"]);
        JsonShape.AssertSame(Samples.Need, await _n.JsonAsync("GET", "/rest/db/need", query: q));
        JsonShape.AssertSame("""{"files":[],"page":1,"perpage":65536}""", await _n.JsonAsync("GET", "/rest/db/localchanged", query: q));
        var file = await _n.JsonAsync("GET", "/rest/db/file", query: [q, ("file", "small.txt")]);
        JsonShape.AssertSame(Samples.DbFile, file);
        Assert.Equal((1, "0644"), ((int?)file!["local"]!["numBlocks"], (string?)file["local"]!["permissions"]));
        var browse = await _n.JsonAsync("GET", "/rest/db/browse", query: [q, ("levels", "1")]);
        Assert.Equal(["small.txt", "sub"], browse!.AsArray().Select(e => (string?)e!["name"]));
        Assert.Equal("inner.txt", (string?)browse[1]!["children"]![0]!["name"]);
        Assert.Equal(404, (await _n.SendAsync("GET", "/rest/db/status", query: ("folder", "nope"))).Status);
        Assert.Equal(404, (await _n.SendAsync("GET", "/rest/db/file", query: [q, ("file", "missing")])).Status);

        var revert = await _n.SendAsync("POST", "/rest/db/revert", query: q);
        Assert.Equal(500, revert.Status);
        Assert.Contains("revert applies to receiveonly folders", ApiTestNode.Text(revert), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ignores_round_trip_through_the_folder()
    {
        var q = ("folder", ApiTestNode.FolderId);
        JsonShape.AssertSame("""{"error":null,"expanded":null,"ignore":null}""", await _n.JsonAsync("GET", "/rest/db/ignores", query: q));

        var set = await _n.JsonAsync("POST", "/rest/db/ignores", """{"ignore":["*.tmp","// note"]}""", q);

        Assert.Equal(["*.tmp", "// note"], set!["ignore"]!.AsArray().Select(x => (string?)x));
        Assert.Contains("*.tmp", set["expanded"]!.AsArray().Select(x => (string?)x));
        Assert.True(File.Exists(Path.Combine(_n.DataPath, ".stignore")));
    }

    [Fact]
    public async Task Events_describe_startup_config_and_scans()
    {
        // The node scans its folder at start: wait (bounded) for that to finish before acting.
        var startup = await _n.JsonAsync("GET", "/rest/events", query: [("since", "0"), ("timeout", "10")]);
        Assert.Equal(["Starting", "StartupComplete"], startup!.AsArray().Take(2).Select(e => (string?)e!["type"]));
        JsonShape.AssertSame("""{"id":1,"globalID":1,"time":"","type":"","data":{"home":"","myID":""}}""", startup[0]);
        await _n.SendAsync("POST", "/rest/db/scan", query: ("folder", ApiTestNode.FolderId));
        var before = (await _n.JsonAsync("GET", "/rest/events", query: [("since", "0"), ("timeout", "0")]))!.AsArray();
        var last = (long)before[^1]!["id"]!;

        await _n.JsonAsync("PATCH", "/rest/config/folders/" + ApiTestNode.FolderId, """{"label":"L"}""");
        // The changed folder restarts and scans at start; let that scan end (bounded) so that a.txt is found by the
        // scan requested below, not by whichever of the two happens to run after the write.
        using (var settle = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var seen = last;
            var restartScanDone = false;
            while (!restartScanDone)
            {
                var batch = (await _n.JsonAsync("GET", "/rest/events", query: [("since", seen.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("timeout", "1")]))!.AsArray();
                foreach (var e in batch)
                {
                    seen = (long)e!["id"]!;
                    restartScanDone |= (string?)e["type"] == "StateChanged" && (string?)e["data"]!["from"] == "scanning" && (string?)e["data"]!["to"] == "idle";
                }

                settle.Token.ThrowIfCancellationRequested();
            }
        }

        await File.WriteAllTextAsync(Path.Combine(_n.DataPath, "a.txt"), "a");
        await _n.SendAsync("POST", "/rest/db/scan", query: ("folder", ApiTestNode.FolderId));

        var events = (await _n.JsonAsync("GET", "/rest/events", query: [("since", last.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("timeout", "0")]))!.AsArray();
        var types = events.Select(e => (string?)e!["type"]).ToList();

        // A StateChanged to idle of the scan before may still come first: the scan request completes before it.
        var saved = types.IndexOf("ConfigSaved");
        Assert.True(saved >= 0 && types.Take(saved).All(t => t == "StateChanged"), string.Join(", ", types));
        var scanning = types.IndexOf("StateChanged", saved);
        var indexUpdate = types.IndexOf("LocalIndexUpdated");
        Assert.True(scanning > 0 && indexUpdate > scanning, string.Join(", ", types));
        Assert.Equal("FolderSummary", types[indexUpdate + 1]);
        JsonShape.AssertSame("""{"folder":"","items":1,"filenames":[""],"sequence":1,"version":1}""", events[indexUpdate]!["data"]);
        Assert.Equal(["a.txt"], events[indexUpdate]!["data"]!["filenames"]!.AsArray().Select(n => (string?)n));
        JsonShape.AssertSame("""{"folder":"","from":"","to":"","duration":0.5}""", events[scanning]!["data"]);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => last + i), events.Select(e => (long)e!["id"]!));

        var filtered = await _n.JsonAsync("GET", "/rest/events", query: [("events", "StateChanged"), ("timeout", "0")]);
        Assert.Empty(filtered!.AsArray());
        var limited = await _n.JsonAsync("GET", "/rest/events", query: [("since", "0"), ("limit", "2"), ("timeout", "0")]);
        Assert.Equal(2, limited!.AsArray().Count);
        Assert.True((long)limited[1]!["id"]! == (long)limited[0]!["id"]! + 1);
        Assert.Empty((await _n.JsonAsync("GET", "/rest/events/disk", query: ("timeout", "0")))!.AsArray());
    }

    [Fact]
    public async Task Stats_cluster_and_svc_endpoints_have_1_19_shapes()
    {
        var stats = await _n.JsonAsync("GET", "/rest/stats/device");
        JsonShape.AssertSame("""{"lastSeen":"","lastConnectionDurationS":0}""", stats![_n.Node.DeviceId.ToString()]);
        var folders = await _n.JsonAsync("GET", "/rest/stats/folder");
        JsonShape.AssertSame("""{"lastFile":{"at":"","filename":"","deleted":false},"lastScan":""}""", folders![ApiTestNode.FolderId]);
        JsonShape.AssertSame("{}", await _n.JsonAsync("GET", "/rest/cluster/pending/devices"));
        JsonShape.AssertSame("{}", await _n.JsonAsync("GET", "/rest/cluster/pending/folders"));
        Assert.Equal(200, (await _n.SendAsync("DELETE", "/rest/cluster/pending/devices", query: ("device", _n.Node.DeviceId.ToString()))).Status);

        var id = await _n.JsonAsync("GET", "/rest/svc/deviceid", query: ("id", "p56ioi7mzjnu2iqgdreydm2mgtmgl3bxnpq6w5btbbz4tjxzwicq"));
        Assert.Equal("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2", (string?)id!["id"]);
        var bad = await _n.JsonAsync("GET", "/rest/svc/deviceid", query: ("id", "nope"));
        Assert.NotNull((string?)bad!["error"]);
    }
}
