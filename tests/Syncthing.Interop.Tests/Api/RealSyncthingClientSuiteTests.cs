using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Config;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Api;

/// <summary>The client suite against two real Syncthing 1.19.2 processes over HTTP (they dial each other).</summary>
public sealed class RealSyncthingClientSuiteTests : ClientSuite
{
    private readonly List<RealSyncthing> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };

    [SyncthingFact]
    public Task Client_suite_passes_against_real_syncthing() => RunSuiteAsync();

    public override async Task DisposeAsync()
    {
        foreach (var p in _processes)
        {
            await p.DisposeAsync();
        }

        _http.Dispose();
        await base.DisposeAsync();
    }

    protected override async Task<ClientSuiteNode> StartNodeAsync(string name, CancellationToken cancellationToken)
    {
        var home = Path.Combine(Root, name + "-home");
        var id = await RealSyncthing.GenerateAsync(home, noDefaultFolder: true);
        var listen = $"tcp://127.0.0.1:{RealSyncthing.FreePort()}";
        var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
        var apiKey = ConfigDefaults.NewApiKey();
        var config = ConfigDefaults.WithTestRigSettings(ConfigDefaults.Create(id, name, withDefaultFolder: false, "/unused", apiKey), listen, gui, apiKey);
        await ConfigXml.SaveAsync(config, Path.Combine(home, "config.xml"), cancellationToken);
        var process = await RealSyncthing.StartAsync(home, gui, apiKey, cancellationToken);
        _processes.Add(process);
        return new ClientSuiteNode(SyncClient.Http(_http, process.BaseUri, apiKey), id, listen, Path.Combine(Root, name + "-data"));
    }
}
