using System.Net;
using Syncthing.Engine.Api;
using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;

namespace Syncthing.Interop.Tests.Api;

/// <summary>The client suite against two in-process SyncNodes through the in-process transport (no HTTP).</summary>
public sealed class InProcessClientSuiteTests : ClientSuite
{
    private readonly List<SyncNode> _nodes = [];

    [Fact]
    public Task Client_suite_passes_in_process() => RunSuiteAsync();

    public override async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override Task<ClientSuiteNode> StartNodeAsync(string name, CancellationToken cancellationToken)
    {
        var home = Path.Combine(Root, name + "-home");
        DeviceId id;
        using (var identity = DeviceIdentity.LoadOrCreate(home, TimeProvider.System))
        {
            id = identity.Id;
        }

        var apiKey = ConfigDefaults.NewApiKey();
        var config = ConfigDefaults.Create(id, name, withDefaultFolder: false) with { Gui = new GuiConfiguration { ApiKey = apiKey } };
        var node = SyncNode.Start(home, config, new IPEndPoint(IPAddress.Loopback, 0), configPath: Path.Combine(home, "config.xml"));
        _nodes.Add(node);
        var client = SyncClient.InProcess(new RestApi(node), apiKey);
        return Task.FromResult(new ClientSuiteNode(client, id, $"tcp://127.0.0.1:{node.ListenEndpoints[0].Port}", Path.Combine(Root, name + "-data")));
    }

    protected override Task ConnectAsync(ClientSuiteNode from, ClientSuiteNode to, CancellationToken cancellationToken) =>
        _nodes.Single(n => n.DeviceId == from.Id).DialAsync(to.Id, to.ListenAddress, cancellationToken);
}
