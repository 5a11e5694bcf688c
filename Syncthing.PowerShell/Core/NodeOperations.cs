using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Syncthing.Engine.Api;
using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;

namespace Syncthing.PowerShell.Core;

/// <summary>Starting, attaching, listing and stopping nodes (Start/Stop/Get/Connect/Disconnect-SyncNode, New-SyncIdentity).</summary>
internal sealed class NodeOperations(NodeRegistry registry, TimeProvider time)
{
    /// <summary>Where a node listens when -ListenAddress is not given: loopback, a free port.</summary>
    public const string DefaultListenAddress = "tcp://127.0.0.1:0";

    private static readonly TimeSpan ServiceStartLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bound on an ordinary REST call to a daemon or remote node; event polls, scans and bundle transfers are exempt
    /// (HttpRestTransport.RunsLong), so a long Import-SyncBundle is ended only by Ctrl+C, not by a 100 s default.
    /// </summary>
    private static readonly TimeSpan RemoteCallTimeout = TimeSpan.FromSeconds(100);

    public IReadOnlyList<SyncNodeInfo> Get(IReadOnlyList<string>? names, Func<string, string, bool>? match = null) =>
        [.. registry.Select(names, match).Select(Describe)];

    /// <summary>
    /// Starts the engine in this process from <paramref name="home"/> (cert.pem, key.pem and config.xml are created
    /// when missing, with discovery, relays and NAT off and <paramref name="listenAddress"/> as the only listen
    /// address). The node dials configured devices at their static addresses.
    /// </summary>
    public async Task<SyncNodeInfo> StartInProcessAsync(string name, string home, string? listenAddress, string? guiAddress, CancellationToken cancellationToken)
    {
        EnsureFreeName(name);
        await PrepareHomeAsync(name, home, listenAddress, guiAddress, cancellationToken).ConfigureAwait(false);
        SyncNode node;
        try
        {
            node = await SyncNode.StartFromHomeAsync(home, new NodeHomeOptions { NoDefaultFolder = true, DeviceName = name, Time = time }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or IdentityException or ConfigValidationException or SocketException or UnauthorizedAccessException)
        {
            throw new SyncOperationException(SyncErrorIds.NodeStartFailed, SyncErrorKind.ResourceUnavailable, $"Node '{name}' could not start from '{home}': {e.Message}", name, e);
        }

        var apiKey = node.Configuration.Gui.ApiKey;
        var handle = new SyncNodeHandle(name, SyncNodeKind.InProcess, SyncClient.InProcess(new RestApi(node), apiKey), node.DeviceId.ToString(), node) { Home = home };
        return await RegisterAsync(handle).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts <paramref name="executable"/> (syncthingd, or a .dll run with dotnet) detached on
    /// <paramref name="home"/>, serving REST on <paramref name="guiAddress"/> (a free loopback port when null), and
    /// connects to it. The process keeps running after the session ends unless stopped with Stop-SyncNode.
    /// </summary>
    public async Task<SyncNodeInfo> StartServiceAsync(string name, string home, string executable, string? listenAddress, string? guiAddress, CancellationToken cancellationToken)
    {
        EnsureFreeName(name);
        if (!File.Exists(executable))
        {
            throw new SyncOperationException(SyncErrorIds.ServiceExecutableNotFound, SyncErrorKind.ObjectNotFound, $"The daemon executable '{executable}' does not exist; pass -DaemonPath.", executable);
        }

        guiAddress ??= "127.0.0.1:" + FreeLoopbackPort();
        var config = await PrepareHomeAsync(name, home, listenAddress, guiAddress, cancellationToken).ConfigureAwait(false);
        var apiKey = config.Gui.ApiKey;
        var start = executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { executable } }
            : new ProcessStartInfo(executable);
        foreach (var arg in new[] { "serve", "--home", home, "--gui-address", "http://" + guiAddress, "--gui-apikey", apiKey, "--no-browser" })
        {
            start.ArgumentList.Add(arg);
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = false;
        start.RedirectStandardError = false;
        using var process = Process.Start(start) ?? throw new SyncOperationException(SyncErrorIds.NodeStartFailed, SyncErrorKind.ResourceUnavailable, $"'{executable}' did not start.", name);
        var uri = new Uri("http://" + guiAddress);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = SyncClient.Http(http, uri, apiKey, RemoteCallTimeout);
        var deadline = time.GetUtcNow() + ServiceStartLimit;
        SystemStatus? status = null;
        while (status is null)
        {
            try
            {
                status = await client.GetSystemStatusAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (time.GetUtcNow() < deadline && !process.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                http.Dispose();
                throw new SyncOperationException(SyncErrorIds.NodeStartFailed, SyncErrorKind.ResourceUnavailable, $"The daemon for node '{name}' did not answer on {uri} within {ServiceStartLimit.TotalSeconds} s.", name, e);
            }
        }

        var handle = new SyncNodeHandle(name, SyncNodeKind.Service, client, status.MyId, http: http) { ApiUri = uri, Home = home, ProcessId = process.Id };
        return await RegisterAsync(handle).ConfigureAwait(false);
    }

    /// <summary>Attaches to any node's REST API (our daemon or real Syncthing); fails unless it answers /rest/system/status.</summary>
    public async Task<SyncNodeInfo> ConnectAsync(string name, Uri uri, string apiKey, CancellationToken cancellationToken)
    {
        EnsureFreeName(name);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = SyncClient.Http(http, uri, apiKey, RemoteCallTimeout);
        SystemStatus status;
        try
        {
            status = await client.GetSystemStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or SyncApiException or System.Text.Json.JsonException)
        {
            http.Dispose();
            throw new SyncOperationException(SyncErrorIds.NodeUnreachable, SyncErrorKind.ConnectionError, $"No Syncthing REST API answered at {uri}: {e.Message}", uri, e);
        }

        return await RegisterAsync(new SyncNodeHandle(name, SyncNodeKind.Remote, client, status.MyId, http: http) { ApiUri = uri }).ConfigureAwait(false);
    }

    /// <summary>Stops a node: an in-process engine is disposed, a service is asked to shut down, a remote node is only forgotten unless <paramref name="shutdownRemote"/>.</summary>
    public async Task<SyncNodeInfo> StopAsync(string name, bool shutdownRemote, CancellationToken cancellationToken)
    {
        var handle = registry.Get(name);
        var info = Describe(handle);
        if (handle.Kind == SyncNodeKind.Service || (handle.Kind == SyncNodeKind.Remote && shutdownRemote))
        {
            await Operations.CallAsync(handle, () => handle.Client.ShutdownAsync(cancellationToken)).ConfigureAwait(false);
        }

        registry.Remove(handle.Name);
        await handle.DisposeAsync().ConfigureAwait(false);
        return info;
    }

    /// <summary>Forgets a node without stopping it (in-process nodes are stopped: nothing else could reach them).</summary>
    public async Task<SyncNodeInfo> DisconnectAsync(string name)
    {
        var handle = registry.Get(name);
        registry.Remove(handle.Name);
        await handle.DisposeAsync().ConfigureAwait(false);
        return Describe(handle);
    }

    /// <summary>Creates cert.pem and key.pem in <paramref name="home"/> (kept when present) and returns the device ID.</summary>
    public SyncIdentityInfo NewIdentity(string home)
    {
        using var identity = DeviceIdentity.LoadOrCreate(home, time);
        return new SyncIdentityInfo(identity.Id.ToString(), Path.GetFullPath(home));
    }

    public static SyncNodeInfo Describe(SyncNodeHandle handle) =>
        new(handle.Name, handle.DeviceId, handle.Kind, handle.ListenAddresses, handle.ApiUri, handle.Home, handle.ProcessId);

    private void EnsureFreeName(string name)
    {
        if (registry.Contains(name))
        {
            throw new SyncOperationException(SyncErrorIds.NodeExists, SyncErrorKind.ResourceExists, $"A node named '{name}' already exists in this session.", name);
        }
    }

    private async Task<SyncNodeInfo> RegisterAsync(SyncNodeHandle handle)
    {
        try
        {
            registry.Add(handle);
        }
        catch
        {
            await handle.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return Describe(handle);
    }

    /// <summary>Creates the identity and, when missing, a config.xml for a locally tested node; returns the configuration.</summary>
    private async Task<Configuration> PrepareHomeAsync(string name, string home, string? listenAddress, string? guiAddress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(home);
        DeviceId id;
        using (var identity = DeviceIdentity.LoadOrCreate(home, time))
        {
            id = identity.Id;
        }

        var path = NodeHome.ConfigPath(home);
        if (File.Exists(path))
        {
            return await ConfigXml.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }

        var config = ConfigDefaults.WithTestRigSettings(
            ConfigDefaults.Create(id, name, withDefaultFolder: false),
            listenAddress ?? DefaultListenAddress,
            guiAddress ?? "127.0.0.1:8384",
            ConfigDefaults.NewApiKey());
        await ConfigXml.SaveAsync(config, path, cancellationToken).ConfigureAwait(false);
        return config;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
