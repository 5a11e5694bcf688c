using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Daemon;

/// <summary>
/// Issue 7 on running daemons: <c>syncthingd bundle export|import</c> on the home of a running <c>serve</c> goes
/// through its REST API (the index is never opened by two processes), and the node announces the imported changes.
/// </summary>
public sealed class BundleRunningDaemonTests : IAsyncLifetime
{
    private const string FolderId = "carried";
    private readonly List<OurDaemon> _daemons = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };
    private string _root = "";

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("st-bundle-running").FullName;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var daemon in _daemons)
        {
            await daemon.DisposeAsync();
        }

        _http.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Bundle_commands_on_running_homes_go_through_REST_and_the_importer_announces_the_changes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var a = await PrepareAsync("a", ct);
        var c = await PrepareAsync("c", ct);
        await ShareAsync(a, c.Id, ct);
        await ShareAsync(c, a.Id, ct);
        Directory.CreateDirectory(Path.Combine(a.Data, "docs"));
        var content = new byte[350_000];
        new Random(9).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(a.Data, "docs", "report.bin"), content, ct);
        var clientA = await StartAsync(a, ct);
        var clientC = await StartAsync(c, ct);
        var since = (await clientC.GetEventsAsync(0, null, TimeSpan.Zero, cancellationToken: ct)).Select(e => e.Id).DefaultIfEmpty(0).Max();
        var bundle = Path.Combine(_root, "a-to-c.stbundle");
        var receipt = Path.Combine(_root, "c.streceipt");

        var export = await OurDaemon.RunAsync("bundle", "export", "--home", a.Home, "--folder", FolderId, "--device", c.Id.ToString(), "--out", bundle);
        var import = await OurDaemon.RunAsync("bundle", "import", "--home", c.Home, "--in", bundle, "--receipt", receipt);

        Assert.True(export.ExitCode == 0, export.StdOut + export.StdErr);
        Assert.Contains("exporting through its REST API", export.StdOut + export.StdErr, StringComparison.Ordinal);
        Assert.True(import.ExitCode == 0, import.StdOut + import.StdErr);
        Assert.Contains("importing through its REST API", import.StdOut + import.StdErr, StringComparison.Ordinal);
        Assert.Contains("carried: applied 2 records", import.StdOut, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(c.Data, "docs", "report.bin"), ct));

        // The running node announced its new local index: LocalIndexUpdated with the names and a FolderSummary.
        var events = await clientC.GetEventsAsync(since, null, TimeSpan.Zero, cancellationToken: ct);
        Assert.Contains(events, e => e.Type == "LocalIndexUpdated" && e.Data.GetProperty("folder").GetString() == FolderId
            && e.Data.GetProperty("filenames").EnumerateArray().Any(n => n.GetString() == "docs/report.bin"));
        Assert.Contains(events, e => e.Type == "FolderSummary" && e.Data.GetProperty("folder").GetString() == FolderId);
        var status = await clientC.GetFolderStatusAsync(FolderId, ct);
        Assert.Equal(0, status.NeedTotalItems);
        Assert.Equal(1, status.LocalFiles);

        // The exporter stores the receipt through its running node; the next default export carries only what c lacks.
        var stored = await OurDaemon.RunAsync("bundle", "receipt", "--home", a.Home, "--in", receipt);
        Assert.True(stored.ExitCode == 0, stored.StdOut + stored.StdErr);
        Assert.Contains($"carried: {c.Id.Short} holds sequence 2", stored.StdOut, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(a.Data, "later.txt"), "second trip", ct);
        var passwordFile = Path.Combine(_root, "password.txt");
        await File.WriteAllTextAsync(passwordFile, "s3cret\n", ct);
        var next = Path.Combine(_root, "a-to-c-2.stbundle");
        var second = await OurDaemon.RunAsync("bundle", "export", "--home", a.Home, "--folder", FolderId, "--device", c.Id.ToString(), "--out", next, "--password-file", passwordFile);
        Assert.True(second.ExitCode == 0, second.StdOut + second.StdErr);
        Assert.Contains("exported 1 records", second.StdOut, StringComparison.Ordinal);
        var preview = await clientC.ImportBundleAsync(new BundleImportRequest(next) { Password = "s3cret", DryRun = true }, ct);
        Assert.Equal([("Create", "later.txt")], preview.Changes.Select(x => (x.Change, x.Name)));
        Assert.False(File.Exists(Path.Combine(c.Data, "later.txt")));
        var secondImport = await OurDaemon.RunAsync("bundle", "import", "--home", c.Home, "--in", next, "--password-file", passwordFile);
        Assert.True(secondImport.ExitCode == 0, secondImport.StdOut + secondImport.StdErr);
        Assert.Equal("second trip", await File.ReadAllTextAsync(Path.Combine(c.Data, "later.txt"), ct));

        // The REST API refuses what the command line cannot catch: relative paths, unknown folders, no API key.
        var relative = await Assert.ThrowsAsync<SyncApiException>(() => clientA.ExportBundleAsync(new BundleExportRequest(FolderId, c.Id.ToString(), "x.stbundle"), ct));
        var unknown = await Assert.ThrowsAsync<SyncApiException>(() => clientA.ExportBundleAsync(new BundleExportRequest("nope", c.Id.ToString(), bundle + "2"), ct));
        var noKey = await Assert.ThrowsAsync<SyncApiException>(() => SyncClient.Http(_http, a.GuiBase, "wrong").ImportBundleAsync(new BundleImportRequest(bundle), ct));
        Assert.Equal(400, relative.Status);
        Assert.Contains("absolute", relative.Body, StringComparison.Ordinal);
        Assert.Equal((404, "no such folder"), (unknown.Status, unknown.Body.Trim()));
        Assert.Equal(403, noKey.Status);
    }

    [Fact]
    public async Task A_node_serving_with_overridden_GUI_settings_is_never_raced_and_is_reached_with_the_same_options()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var a = await PrepareAsync("a", ct);
        var c = await PrepareAsync("c", ct);
        await ShareAsync(a, c.Id, ct);
        await ShareAsync(c, a.Id, ct);
        await File.WriteAllTextAsync(Path.Combine(a.Data, "note.txt"), "by hand", ct);
        var bundle = Path.Combine(_root, "a-to-c.stbundle");
        var export = await OurDaemon.RunAsync("bundle", "export", "--home", a.Home, "--folder", FolderId, "--device", c.Id.ToString(), "--out", bundle);
        Assert.True(export.ExitCode == 0, export.StdOut + export.StdErr);
        var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
        const string Key = "served-with-another-key";
        _daemons.Add(await OurDaemon.StartAsync(["serve", "--home", c.Home, "--no-browser", "--gui-address", $"http://{gui}", "--gui-apikey", Key], new Uri($"http://{gui}/"), Key, ct));

        // config.xml's GUI address answers nothing: the lock the serve holds stops the command.
        var byConfig = await OurDaemon.RunAsync("bundle", "import", "--home", c.Home, "--in", bundle);
        // The serve's address with config.xml's key: 403, the command stops too.
        var wrongKey = await OurDaemon.RunAsync("bundle", "import", "--home", c.Home, "--in", bundle, "--gui-address", $"http://{gui}");
        Assert.False(File.Exists(Path.Combine(c.Data, "note.txt")));
        var withOptions = await OurDaemon.RunAsync("bundle", "import", "--home", c.Home, "--in", bundle, "--gui-address", $"http://{gui}", "--gui-apikey", Key);

        Assert.Equal(1, byConfig.ExitCode);
        Assert.Contains("syncthingd.lock", byConfig.StdOut + byConfig.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("refuses this home's API key", wrongKey.StdOut + wrongKey.StdErr, StringComparison.Ordinal);
        Assert.True(withOptions.ExitCode == 0, withOptions.StdOut + withOptions.StdErr);
        Assert.Equal("by hand", await File.ReadAllTextAsync(Path.Combine(c.Data, "note.txt"), ct));
    }

    private sealed record NodeHomeDir(string Name, string Home, DeviceId Id, string Data, Uri GuiBase, string ApiKey);

    private async Task<NodeHomeDir> PrepareAsync(string name, CancellationToken ct)
    {
        var home = Path.Combine(_root, name + "-home");
        var (exit, _, stderr) = await OurDaemon.RunAsync("generate", "--home", home, "--no-default-folder", "--skip-port-probing");
        Assert.True(exit == 0, stderr);
        var configPath = Path.Combine(home, "config.xml");
        var generated = await ConfigXml.LoadAsync(configPath, ct);
        var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
        var apiKey = ConfigDefaults.NewApiKey();
        await ConfigXml.SaveAsync(ConfigDefaults.WithTestRigSettings(generated, $"tcp://127.0.0.1:{RealSyncthing.FreePort()}", gui, apiKey), configPath, ct);
        var data = Directory.CreateDirectory(Path.Combine(_root, name + "-data")).FullName;
        return new NodeHomeDir(name, home, DeviceIdentity.Load(home).Id, data, new Uri($"http://{gui}/"), apiKey);
    }

    /// <summary>Shares the folder with <paramref name="peer"/>, which has no address: the two never connect.</summary>
    private static async Task ShareAsync(NodeHomeDir home, DeviceId peer, CancellationToken ct)
    {
        var path = Path.Combine(home.Home, "config.xml");
        var config = await ConfigXml.LoadAsync(path, ct);
        config = config with
        {
            Devices = config.Devices.Add(new DeviceConfiguration { DeviceId = peer, Name = peer.Short.ToString(), Addresses = ValueList.Of("dynamic") }),
            Folders = ValueList.Of(new FolderConfiguration
            {
                Id = FolderId,
                Label = FolderId,
                Path = home.Data,
                FsWatcherEnabled = false,
                Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = home.Id }, new FolderDeviceConfiguration { DeviceId = peer }),
            }),
        };
        await ConfigXml.SaveAsync(config, path, ct);
    }

    private async Task<SyncClient> StartAsync(NodeHomeDir home, CancellationToken ct)
    {
        _daemons.Add(await OurDaemon.StartAsync(["serve", "--home", home.Home, "--no-browser"], home.GuiBase, home.ApiKey, ct));
        return SyncClient.Http(_http, home.GuiBase, home.ApiKey);
    }
}
