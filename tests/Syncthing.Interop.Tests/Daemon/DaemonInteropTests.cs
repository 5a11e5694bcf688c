using System.Text.Json;
using System.Text.RegularExpressions;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Daemon;

/// <summary>Homes are interchangeable between real Syncthing 1.19.2 and our daemon (both run as child processes).</summary>
public sealed partial class DaemonInteropTests
{
    [SyncthingFact]
    public async Task Our_daemon_serves_a_home_made_by_syncthing_generate_keeping_id_and_config()
    {
        using var temp = new DaemonTempDir();
        var home = temp.Sub("home");
        var id = await RealSyncthing.GenerateAsync(home, noDefaultFolder: true);
        var (gui, key) = await ApplyRigSettingsAsync(home);
        var before = Snapshot(home);

        await using var daemon = await OurDaemon.StartAsync(["serve", "--home", home, "--no-browser", "--no-restart", "--no-upgrade"], new Uri($"http://{gui}/"), key, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{gui}/"), Timeout = RealSyncthing.DefaultTimeout };
        http.DefaultRequestHeaders.Add("X-API-Key", key);
        var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("rest/system/status", UriKind.Relative)));
        var exit = await daemon.StopAsync();

        Assert.Equal(id.ToString(), status.RootElement.GetProperty("myID").GetString());
        Assert.True(exit == 0, daemon.Output);
        Assert.Equal(before, Snapshot(home));
        var (deviceIdExit, printed, _) = await OurDaemon.RunAsync("--home", home, "--device-id");
        Assert.Equal(0, deviceIdExit);
        Assert.Equal(id.ToString(), printed.Trim());
        var loaded = await NodeHome.LoadOrCreateAsync(home, new NodeHomeOptions(), CancellationToken.None);
        Assert.Equal(ConfigXml.Parse(before.Config), loaded.Configuration);
    }

    [SyncthingFact]
    public async Task Real_syncthing_serves_a_home_made_by_our_generate_with_the_same_device_id()
    {
        using var temp = new DaemonTempDir();
        var home = temp.Sub("home");
        var (exit, _, stderr) = await OurDaemon.RunAsync("generate", "--home", home, "--no-default-folder");
        Assert.True(exit == 0, stderr);
        var printed = DeviceIdLine().Match(stderr);
        Assert.True(printed.Success, $"no 'Device ID:' line on stderr:\n{stderr}");
        var (gui, key) = await ApplyRigSettingsAsync(home);

        await using var real = await RealSyncthing.StartAsync(home, gui, key, CancellationToken.None);
        var status = JsonDocument.Parse(await real.GetAsync("rest/system/status", CancellationToken.None));
        await real.StopAsync(CancellationToken.None);

        Assert.Equal(printed.Groups[1].Value, status.RootElement.GetProperty("myID").GetString());
        Assert.Equal(printed.Groups[1].Value, RealSyncthing.DeviceIdOf(home).ToString());
    }

    /// <summary>Listen on a free loopback port, GUI on another, discovery/relays/NAT/usage reporting off (config saved).</summary>
    internal static async Task<(string Gui, string ApiKey)> ApplyRigSettingsAsync(string home, Func<Configuration, Configuration>? more = null)
    {
        var path = NodeHome.ConfigPath(home);
        var config = await ConfigXml.LoadAsync(path, CancellationToken.None);
        var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
        var key = ConfigDefaults.NewApiKey();
        config = ConfigDefaults.WithTestRigSettings(config, $"tcp://127.0.0.1:{RealSyncthing.FreePort()}", gui, key);
        await ConfigXml.SaveAsync(more is null ? config : more(config), path, CancellationToken.None);
        return (gui, key);
    }

    private static HomeSnapshot Snapshot(string home) => new(
        Convert.ToBase64String(File.ReadAllBytes(Path.Combine(home, "cert.pem"))),
        Convert.ToBase64String(File.ReadAllBytes(Path.Combine(home, "key.pem"))),
        File.ReadAllText(NodeHome.ConfigPath(home)));

    [GeneratedRegex(@"^Device ID: ([A-Z2-7]{7}(?:-[A-Z2-7]{7}){7})$", RegexOptions.Multiline)]
    private static partial Regex DeviceIdLine();

    private sealed record HomeSnapshot(string Cert, string Key, string Config);
}
