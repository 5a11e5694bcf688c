using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Config;
using Syncthing.Interop.Tests.Daemon;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Api;

/// <summary>The client suite against two of our daemons (syncthingd processes) over HTTP; they dial each other.</summary>
public sealed class DaemonClientSuiteTests : ClientSuite
{
    private readonly List<OurDaemon> _daemons = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };

    [Fact]
    public Task Client_suite_passes_against_our_daemon() => RunSuiteAsync();

    public override async Task DisposeAsync()
    {
        foreach (var daemon in _daemons)
        {
            await daemon.DisposeAsync();
        }

        _http.Dispose();
        await base.DisposeAsync();
    }

    protected override async Task<ClientSuiteNode> StartNodeAsync(string name, CancellationToken cancellationToken)
    {
        var home = Path.Combine(Root, name + "-home");
        var (exit, _, stderr) = await OurDaemon.RunAsync("generate", "--home", home, "--no-default-folder");
        Assert.True(exit == 0, stderr);
        var configPath = Path.Combine(home, "config.xml");
        var generated = await ConfigXml.LoadAsync(configPath, cancellationToken);
        var id = generated.Devices[0].DeviceId;
        var listen = $"tcp://127.0.0.1:{RealSyncthing.FreePort()}";
        var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
        var apiKey = ConfigDefaults.NewApiKey();
        await ConfigXml.SaveAsync(ConfigDefaults.WithTestRigSettings(generated, listen, gui, apiKey), configPath, cancellationToken);
        var guiBase = new Uri($"http://{gui}/");
        var daemon = await OurDaemon.StartAsync(["serve", "--home", home, "--no-browser"], guiBase, apiKey, cancellationToken);
        _daemons.Add(daemon);
        return new ClientSuiteNode(SyncClient.Http(_http, guiBase, apiKey), id, listen, Path.Combine(Root, name + "-data"));
    }
}
