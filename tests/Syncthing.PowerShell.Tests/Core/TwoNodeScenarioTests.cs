using Syncthing.Engine.Config;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Tests.Core;

/// <summary>
/// The scenario driven through the services behind the cmdlets: start two in-process nodes, add each other
/// as devices, add a folder shared between them, wait until in sync (a real file crosses), read status, suspend and
/// resume, remove.
/// </summary>
public sealed class TwoNodeScenarioTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly NodeRegistry _registry = new();
    private string _root = "";

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("st-pwsh-scenario").FullName;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Two_nodes_sync_a_folder_and_report_status_through_the_services()
    {
        using var cts = new CancellationTokenSource(Limit * 2);
        var ct = cts.Token;
        var nodes = new NodeOperations(_registry, TimeProvider.System);
        var devices = new DeviceOperations(_registry);
        var folders = new FolderOperations(_registry);
        var status = new StatusOperations(_registry);
        var waiter = new FolderSyncWaiter(_registry, status, TimeProvider.System);

        // Start two nodes.
        var a = await nodes.StartInProcessAsync("a", Path.Combine(_root, "a-home"), null, null, ct);
        var b = await nodes.StartInProcessAsync("b", Path.Combine(_root, "b-home"), null, null, ct);
        Assert.Equal(SyncNodeKind.InProcess, a.Kind);
        Assert.Single(a.ListenAddress);
        Assert.Equal(["a", "b"], nodes.Get(null).Select(n => n.Node));
        var duplicate = await Assert.ThrowsAsync<SyncOperationException>(() => nodes.StartInProcessAsync("A", Path.Combine(_root, "x"), null, null, ct));
        Assert.Equal(SyncErrorIds.NodeExists, duplicate.ErrorId);

        // Add each other as devices.
        var bOnA = await devices.AddAsync("a", b.DeviceId, "b", b.ListenAddress, introducer: false, ct);
        await devices.AddAsync("b", a.DeviceId, "a", a.ListenAddress, introducer: false, ct);
        Assert.Equal(b.DeviceId, bOnA.DeviceId);
        Assert.Contains(await devices.GetAsync("a", null, ct), d => d.DeviceId == b.DeviceId && d.Name == "b");
        var invalid = await Assert.ThrowsAsync<SyncOperationException>(() => devices.AddAsync("a", "not-a-device", null, null, false, ct));
        Assert.Equal(SyncErrorIds.DeviceIdInvalid, invalid.ErrorId);

        // A folder shared between them (watcher off: the test scans explicitly).
        var aPath = Path.Combine(_root, "a-data");
        var bPath = Path.Combine(_root, "b-data");
        var folderOnA = await folders.AddAsync("a", new SyncFolderSpec("docs", aPath) { Label = "Docs", DeviceIds = [b.DeviceId], WatchDelayS = 0, IgnorePatterns = ["*.tmp"] }, ct);
        await folders.AddAsync("b", new SyncFolderSpec("docs", bPath) { DeviceIds = [a.DeviceId], WatchDelayS = 0, Type = FolderType.SendReceive }, ct);
        Assert.Equal(["docs"], (await folders.GetAsync("a", null, ct)).Select(f => f.FolderId));
        Assert.Contains(b.DeviceId, folderOnA.DeviceId);
        Assert.False(folderOnA.WatcherEnabled);
        Assert.Equal(["*.tmp"], (await folders.GetIgnoreAsync("a", "docs", ct)).Pattern);
        var exists = await Assert.ThrowsAsync<SyncOperationException>(() => folders.AddAsync("a", new SyncFolderSpec("docs", aPath), ct));
        Assert.Equal(SyncErrorIds.FolderIdExists, exists.ErrorId);

        // A real file written on a arrives on b; the barrier holds on both sides.
        var content = new byte[200_000];
        new Random(7).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(aPath, "report.bin"), content, ct);
        await File.WriteAllTextAsync(Path.Combine(aPath, "scratch.tmp"), "ignored", ct);
        await status.ScanAsync("a", "docs", null, ct);
        var reports = new List<SyncWaitProgress>();
        // The barrier on the node that changed: every peer has acknowledged everything it has.
        await waiter.WaitAsync("a", "docs", ["b"], Limit, reports.Add, ct);
        await waiter.WaitAsync("b", "docs", null, Limit, null, ct);
        Assert.NotEmpty(reports);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(bPath, "report.bin"), ct));
        Assert.False(File.Exists(Path.Combine(bPath, "scratch.tmp")));
        Assert.True((await waiter.CheckAsync("a", "docs", [b.DeviceId], ct)).InSync);

        // Status of every folder on every node; filterable like Where-Object would.
        var all = await status.GetStatusAsync(null, null, ct);
        Assert.Equal(2, all.Count);
        Assert.All(all, s =>
        {
            Assert.Equal("docs", s.FolderId);
            Assert.Equal(1, s.GlobalFiles);
            Assert.Equal(1, s.LocalFiles);
            Assert.Equal(content.Length, s.GlobalBytes);
            Assert.Equal(0, s.NeedFiles);
            Assert.Equal(100, s.InSyncPercent);
            Assert.Null(s.Error);
        });
        Assert.NotNull(all.Single(s => s.Node == "a").LastScan);
        Assert.DoesNotContain(all, s => s.NeedFiles > 0);
        Assert.Empty(await status.GetNeedAsync("b", "docs", ct));
        var connections = await status.GetConnectionsAsync("a", ct);
        Assert.Contains(connections, c => c.DeviceId == b.DeviceId && c.Connected);

        // Suspend and resume a folder.
        Assert.True((await folders.SuspendAsync("b", "docs", ct)).Paused);
        Assert.Equal("paused", (await status.GetStatusAsync(["b"], ["docs"], ct)).Single().State);
        Assert.False((await waiter.CheckAsync("b", "docs", null, ct)).InSync);
        Assert.False((await folders.ResumeAsync("b", "docs", ct)).Paused);

        // A second file after resuming still crosses.
        await File.WriteAllTextAsync(Path.Combine(aPath, "after-resume.txt"), "hello", ct);
        await status.ScanAsync("a", "docs", null, ct);
        await waiter.WaitAsync("a", "docs", null, Limit, null, ct);
        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(bPath, "after-resume.txt"), ct));

        // Pause and resume a device (last: reconnecting waits for the reconnect interval).
        Assert.True((await devices.SuspendAsync("a", b.DeviceId, ct)).Paused);
        Assert.True((await devices.GetAsync("a", [b.DeviceId], ct)).Single().Paused);
        Assert.False((await devices.ResumeAsync("a", b.DeviceId, ct)).Paused);

        // Revoke, remove, stop.
        Assert.DoesNotContain(b.DeviceId, (await folders.RevokeAsync("a", "docs", [b.DeviceId], ct)).DeviceId);
        Assert.Contains(b.DeviceId, (await folders.GrantAsync("a", "docs", [b.DeviceId], ct)).DeviceId);
        await folders.RemoveAsync("a", "docs", ct);
        Assert.Empty(await folders.GetAsync("a", null, ct));
        var gone = await Assert.ThrowsAsync<SyncOperationException>(() => folders.GetAsync("a", ["docs"], ct));
        Assert.Equal(SyncErrorIds.FolderNotFound, gone.ErrorId);
        await devices.RemoveAsync("a", b.DeviceId, ct);
        Assert.DoesNotContain(await devices.GetAsync("a", null, ct), d => d.DeviceId == b.DeviceId);
        await nodes.StopAsync("a", shutdownRemote: false, ct);
        Assert.Equal(["b"], nodes.Get(null).Select(n => n.Node));
    }

    [Fact]
    public async Task Wait_times_out_with_a_stable_error_when_the_peer_never_connects()
    {
        var nodes = new NodeOperations(_registry, TimeProvider.System);
        var folders = new FolderOperations(_registry);
        var devices = new DeviceOperations(_registry);
        var waiter = new FolderSyncWaiter(_registry, new StatusOperations(_registry), TimeProvider.System);
        var a = await nodes.StartInProcessAsync("solo", Path.Combine(_root, "solo"), null, null, CancellationToken.None);
        var peer = nodes.NewIdentity(Path.Combine(_root, "peer"));
        Assert.NotEqual(a.DeviceId, peer.DeviceId);
        await devices.AddAsync(null, peer.DeviceId, "peer", ["tcp://127.0.0.1:1"], false, CancellationToken.None);
        await folders.AddAsync(null, new SyncFolderSpec("f", Path.Combine(_root, "f")) { DeviceIds = [peer.DeviceId], WatchDelayS = 0 }, CancellationToken.None);

        // The new folder is scanning at first ("folder is scanning"), and a rescan can start again between two looks;
        // wait, bounded, until only the peer is missing, then time out — again if a rescan came in between.
        using var settle = new CancellationTokenSource(Limit);
        SyncOperationException error;
        do
        {
            while (!(await waiter.CheckAsync(null, "f", null, settle.Token)).Progress.Waiting.EndsWith("not connected", StringComparison.Ordinal))
            {
                await Task.Delay(50, settle.Token);
            }

            error = await Assert.ThrowsAsync<SyncOperationException>(() => waiter.WaitAsync(null, "f", null, TimeSpan.Zero, null, CancellationToken.None));
            Assert.Equal(SyncErrorIds.WaitTimeout, error.ErrorId);
            Assert.Equal(SyncErrorKind.OperationTimeout, error.Kind);
        }
        while (!error.Message.Contains("not connected", StringComparison.Ordinal) && !settle.IsCancellationRequested);

        Assert.Contains("not connected", error.Message, StringComparison.Ordinal);
    }
}
