using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon.Tests;

public sealed class ServeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Serve_starts_on_loopback_by_default_and_stops_cleanly_on_cancellation()
    {
        using var temp = new TempHome();
        var home = temp.Path("h");
        var id = await NodeHome.GenerateAsync(home, new NodeHomeOptions { NoDefaultFolder = true }, CancellationToken.None);
        var config = await LoopbackListenAsync(home);

        var first = await ServeUntilReadyAsync(home, async running =>
        {
            Assert.NotNull(running.Rest);
            Assert.True(IPAddress.IsLoopback(running.Rest.Endpoint.Address), $"GUI bound to {running.Rest.Endpoint}");
            Assert.Equal(id, running.Node.DeviceId);
            using var http = new HttpClient { BaseAddress = running.Rest.BaseUri, Timeout = Timeout };
            http.DefaultRequestHeaders.Add("X-API-Key", config.Gui.ApiKey);
            using var ping = await http.GetAsync(new Uri("rest/system/ping", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            return (running.Rest.Endpoint, Assert.Single(running.Node.ListenEndpoints));
        });

        Assert.False(await AcceptsAsync(first.Item1), "the GUI port still accepts after shutdown");
        Assert.False(await AcceptsAsync(first.Item2), "the BEP port still accepts after shutdown");

        // Everything was released: the same home serves again, with the same identity.
        var again = await ServeUntilReadyAsync(home, running => Task.FromResult(running.Node.DeviceId));
        Assert.Equal(id, again);
    }

    [Fact]
    public async Task Serve_creates_a_missing_home_and_honours_gui_overrides()
    {
        using var temp = new TempHome();
        var home = temp.Path("fresh/home");
        var settings = new ServeSettings { Home = home, NoDefaultFolder = true, GuiAddress = "http://127.0.0.1:0", GuiApiKey = "override-key" };

        var status = await ServeUntilReadyAsync(settings, async running =>
        {
            using var http = new HttpClient { BaseAddress = running.Rest!.BaseUri, Timeout = Timeout };
            http.DefaultRequestHeaders.Add("X-API-Key", "override-key");
            using var response = await http.GetAsync(new Uri("rest/system/ping", UriKind.Relative));
            return response.StatusCode;
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(File.Exists(Path.Combine(home, "cert.pem")));
        var saved = await ConfigXml.LoadAsync(NodeHome.ConfigPath(home), CancellationToken.None);
        Assert.NotEqual("override-key", saved.Gui.ApiKey);
        Assert.True(File.Exists(NodeHome.IndexPath(home)));
    }

    [Fact]
    public async Task A_node_from_a_home_dials_a_device_added_to_its_configuration()
    {
        using var temp = new TempHome();
        var homeA = temp.Path("a");
        var homeB = temp.Path("b");
        var idA = await NodeHome.GenerateAsync(homeA, new NodeHomeOptions { NoDefaultFolder = true }, CancellationToken.None);
        var idB = await NodeHome.GenerateAsync(homeB, new NodeHomeOptions { NoDefaultFolder = true }, CancellationToken.None);
        var configA = await LoopbackListenAsync(homeA);
        await ConfigXml.SaveAsync(
            configA with { Devices = ValueList.Of([.. configA.Devices, new DeviceConfiguration { DeviceId = idB, Name = "b" }]) },
            NodeHome.ConfigPath(homeA),
            CancellationToken.None);
        await LoopbackListenAsync(homeB);
        var options = new NodeHomeOptions { Loggers = NullLoggerFactory.Instance };

        await using var a = await SyncNode.StartFromHomeAsync(homeA, options, CancellationToken.None);
        await using var b = await SyncNode.StartFromHomeAsync(homeB, options, CancellationToken.None);
        var address = $"tcp://{a.ListenEndpoints[0]}";
        await b.SetConfigurationAsync(
            b.Configuration with { Devices = ValueList.Of([.. b.Configuration.Devices, new DeviceConfiguration { DeviceId = idA, Name = "a", Addresses = ValueList.Of("dynamic", address) }]) },
            CancellationToken.None);

        using var cts = new CancellationTokenSource(Timeout);
        while (!b.Connections.TryGetConnection(idA, out _))
        {
            await Task.Delay(50, cts.Token);
        }

        Assert.Contains(address, (await ConfigXml.LoadAsync(NodeHome.ConfigPath(homeB), CancellationToken.None)).Devices.Single(d => d.DeviceId == idA).Addresses);
    }

    private static async Task<Configuration> LoopbackListenAsync(string home)
    {
        var config = await ConfigXml.LoadAsync(NodeHome.ConfigPath(home), CancellationToken.None);
        config = config with { Options = config.Options with { ListenAddresses = ValueList.Of("tcp://127.0.0.1:0") } };
        await ConfigXml.SaveAsync(config, NodeHome.ConfigPath(home), CancellationToken.None);
        return config;
    }

    private static Task<T> ServeUntilReadyAsync<T>(string home, Func<ServeCommand.Running, Task<T>> whileRunning) =>
        ServeUntilReadyAsync(new ServeSettings { Home = home }, whileRunning);

    /// <summary>Serves until ready, runs <paramref name="whileRunning"/>, cancels, and checks that serve returned 0.</summary>
    private static async Task<T> ServeUntilReadyAsync<T>(ServeSettings settings, Func<ServeCommand.Running, Task<T>> whileRunning)
    {
        using var stop = new CancellationTokenSource();
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serve = ServeCommand.RunAsync(settings, TextWriter.Null, NullLoggerFactory.Instance, stop.Token, async running =>
        {
            try
            {
                result.SetResult(await whileRunning(running));
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        });
        var finished = await Task.WhenAny(result.Task, serve).WaitAsync(Timeout);
        Assert.True(finished == result.Task, $"serve ended early with {(serve.IsCompleted ? serve.Result : -1)}");
        await stop.CancelAsync();
        Assert.Equal(0, await serve.WaitAsync(Timeout));
        return await result.Task;
    }

    private static async Task<bool> AcceptsAsync(IPEndPoint endpoint)
    {
        using var client = new TcpClient(endpoint.AddressFamily);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(endpoint, cts.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
