using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Syncthing.Engine.Config;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Tests.Interop;

/// <summary>The services behind Connect-SyncNode, Add-SyncFolder, Invoke-SyncScan and Get-SyncStatus against a real Syncthing 1.19.2 over HTTP.</summary>
public sealed class RealSyncthingStatusTests : IAsyncLifetime
{
    private readonly NodeRegistry _registry = new();
    private string _root = "";
    private Process? _syncthing;

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("st-pwsh-real").FullName;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        if (_syncthing is { HasExited: false })
        {
            _syncthing.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _syncthing.WaitForExitAsync(cts.Token);
        }

        _syncthing?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [RealSyncthingFact]
    public async Task Status_of_a_real_syncthing_folder_reads_through_the_http_client()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = cts.Token;
        var home = Path.Combine(_root, "home");
        var nodes = new NodeOperations(_registry, TimeProvider.System);
        var id = nodes.NewIdentity(home).DeviceId; // our identity files; syncthing serve uses them as they are
        var gui = $"127.0.0.1:{FreePort()}";
        var apiKey = ConfigDefaults.NewApiKey();
        var config = ConfigDefaults.WithTestRigSettings(
            ConfigDefaults.Create(Engine.Identity.DeviceId.Parse(id), "real", withDefaultFolder: false, "/unused", apiKey),
            $"tcp://127.0.0.1:{FreePort()}", gui, apiKey);
        await ConfigXml.SaveAsync(config, Path.Combine(home, "config.xml"), ct);
        _syncthing = StartSyncthing(home);

        // Connect-SyncNode: retried (bounded) until the REST API is up.
        SyncNodeInfo? info = null;
        while (info is null)
        {
            try
            {
                info = await nodes.ConnectAsync("real", new Uri("http://" + gui), apiKey, ct);
            }
            catch (SyncOperationException e) when (e.ErrorId == SyncErrorIds.NodeUnreachable && !_syncthing.HasExited)
            {
                await Task.Delay(200, ct);
            }
        }

        Assert.Equal(SyncNodeKind.Remote, info.Kind);
        Assert.Equal(id, info.DeviceId);

        // A folder with one file, scanned, then its status.
        var folders = new FolderOperations(_registry);
        var status = new StatusOperations(_registry);
        var data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(data, "a.bin"), new byte[12_345], ct);
        await folders.AddAsync(null, new SyncFolderSpec("real-docs", data) { Label = "Real", WatchDelayS = 0 }, ct);
        await status.ScanAsync("real", "real-docs", null, ct);
        var s = (await status.GetStatusAsync(null, null, ct)).Single();
        Assert.Equal(("real", "real-docs", "Real"), (s.Node, s.FolderId, s.Label));
        Assert.Equal("idle", s.State);
        Assert.Equal(1, s.GlobalFiles);
        Assert.Equal(1, s.LocalFiles);
        Assert.Equal(12_345, s.GlobalBytes);
        Assert.Equal(0, s.NeedFiles);
        Assert.Equal(100, s.InSyncPercent);
        Assert.NotNull(s.LastScan); // from real Syncthing's /rest/stats/folder
        Assert.Null(s.Error);
        Assert.True((await new FolderSyncWaiter(_registry, status, TimeProvider.System).CheckAsync("real", "real-docs", null, ct)).InSync);

        Assert.True((await folders.SuspendAsync(null, "real-docs", ct)).Paused);
        Assert.Equal("paused", (await status.GetStatusAsync(["real"], ["real-docs"], ct)).Single().State);
        var missing = await Assert.ThrowsAsync<SyncOperationException>(() => status.GetStatusAsync(["nope"], null, ct));
        Assert.Equal(SyncErrorIds.NodeNotFound, missing.ErrorId);

        // Stop-SyncNode -Shutdown stops the real process.
        await nodes.StopAsync("real", shutdownRemote: true, ct);
        await _syncthing.WaitForExitAsync(ct);
        Assert.Empty(nodes.Get(null));
    }

    private static Process StartSyncthing(string home)
    {
        var start = new ProcessStartInfo(RealSyncthingFactAttribute.Binary ?? "syncthing") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "serve", "--home", home, "--no-browser", "--no-restart", "--no-upgrade" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["STNORESTART"] = "1";
        start.Environment["STNOUPGRADE"] = "1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// A loopback port free a moment ago, below the ephemeral range (32768 and up on Linux by default): a port from
    /// that range can be taken by an outgoing connection of a parallel test before syncthing binds it.
    /// </summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(22_768, 32_768);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: another pick.
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
