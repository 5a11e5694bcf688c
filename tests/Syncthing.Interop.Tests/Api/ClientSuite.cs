using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Config;
using Syncthing.Engine.Events;
using Syncthing.Engine.Identity;

namespace Syncthing.Interop.Tests.Api;

/// <summary>One node under test: a client for it, its ID, its BEP listen address and a data directory.</summary>
public sealed record ClientSuiteNode(SyncClient Client, DeviceId Id, string ListenAddress, string DataRoot);

/// <summary>
/// The client suite of issue 5, run unchanged against every kind of node (in process, real Syncthing, our daemon):
/// read status and config; add a device and a folder; share it; wait (bounded) until two nodes are in sync; read db
/// status and completion; receive the events that describe it. A subclass only starts nodes and, where the node
/// does not dial by itself, connects them.
/// </summary>
public abstract class ClientSuite : IAsyncLifetime
{
    private const string FolderId = "suite";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    protected string Root { get; private set; } = "";

    public virtual Task InitializeAsync()
    {
        Root = Directory.CreateTempSubdirectory("st-client-suite").FullName;
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Starts a fresh node named <paramref name="name"/> with no folders; it is stopped by DisposeAsync.</summary>
    protected abstract Task<ClientSuiteNode> StartNodeAsync(string name, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="from"/> connect to <paramref name="to"/> when the node does not dial configured devices itself.</summary>
    protected virtual Task ConnectAsync(ClientSuiteNode from, ClientSuiteNode to, CancellationToken cancellationToken) => Task.CompletedTask;

    protected async Task RunSuiteAsync()
    {
        using var timeout = new CancellationTokenSource(Limit * 2);
        var ct = timeout.Token;
        var a = await StartNodeAsync("a", ct);
        var b = await StartNodeAsync("b", ct);

        // Read status and config.
        var status = await a.Client.GetSystemStatusAsync(ct);
        Assert.Equal(a.Id.ToString(), status.MyId);
        var config = await a.Client.GetConfigAsync(ct);
        Assert.Contains(config.Devices, d => d.DeviceId == a.Id);
        Assert.StartsWith("v1.19", (await a.Client.GetVersionAsync(ct)).Version, StringComparison.Ordinal);
        var since = (await a.Client.GetEventsAsync(0, null, TimeSpan.Zero, cancellationToken: ct)).Select(e => e.Id).DefaultIfEmpty(0).Max();

        // Add each other as devices, and a folder shared between them.
        await a.Client.AddDeviceAsync(new DeviceConfiguration { DeviceId = b.Id, Name = "b", Addresses = ValueList.Of(b.ListenAddress) }, ct);
        await b.Client.AddDeviceAsync(new DeviceConfiguration { DeviceId = a.Id, Name = "a", Addresses = ValueList.Of(a.ListenAddress) }, ct);
        Assert.Contains(await a.Client.GetDevicesAsync(ct), d => d.DeviceId == b.Id);
        await a.Client.AddFolderAsync(Folder(a, b), ct);
        await b.Client.AddFolderAsync(Folder(b, a), ct);
        Assert.Contains(await b.Client.GetFoldersAsync(ct), f => f.Id == FolderId && f.Devices.Any(d => d.DeviceId == a.Id));
        await ConnectAsync(a, b, ct);

        // Wait until they are connected and in sync: a file written on a arrives on b with the same content.
        await WaitUntilAsync(async () => (await a.Client.GetConnectionsAsync(ct)).Connections.TryGetValue(b.Id.ToString(), out var c) && c.Connected, "a connected to b", ct);
        var content = new byte[300_000];
        new Random(42).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(a.DataRoot, FolderId, "report.bin"), content, ct);
        await a.Client.ScanAsync(FolderId, null, ct);
        await b.Client.ScanAsync(FolderId, null, ct);
        var arrived = Path.Combine(b.DataRoot, FolderId, "report.bin");
        await WaitUntilAsync(() => Task.FromResult(File.Exists(arrived) && File.ReadAllBytes(arrived).AsSpan().SequenceEqual(content)), "report.bin on b", ct);
        await WaitUntilAsync(async () => (await a.Client.GetCompletionAsync(FolderId, b.Id, ct)).Completion >= 100, "b complete on a", ct);
        await WaitUntilAsync(async () => (await b.Client.GetCompletionAsync(FolderId, a.Id, ct)).Completion >= 100, "a complete on b", ct);

        // DB status and completion.
        var folderStatus = await a.Client.GetFolderStatusAsync(FolderId, ct);
        Assert.Equal(0, folderStatus.NeedTotalItems);
        Assert.Equal(1, folderStatus.GlobalFiles);
        Assert.Equal(content.Length, folderStatus.GlobalBytes);
        Assert.Equal((await b.Client.GetFolderStatusAsync(FolderId, ct)).GlobalTotalItems, folderStatus.GlobalTotalItems);
        Assert.Equal(100, (await a.Client.GetCompletionAsync(FolderId, null, ct)).Completion);
        Assert.Empty((await a.Client.GetNeedAsync(FolderId, ct)).Rest);

        // The events that describe it.
        var events = await a.Client.GetEventsAsync(since, null, TimeSpan.Zero, cancellationToken: ct);
        Assert.Contains(events, e => e.Type == nameof(EventType.ConfigSaved));
        Assert.Contains(events, e => e.Type == nameof(EventType.DeviceConnected) && e.Data.GetProperty("id").GetString() == b.Id.ToString());
        Assert.Contains(events, e => e.Type == nameof(EventType.StateChanged) && e.Data.GetProperty("folder").GetString() == FolderId);
        var filtered = await a.Client.GetEventsAsync(0, [EventType.DeviceConnected], TimeSpan.FromSeconds(1), cancellationToken: ct);
        Assert.All(filtered, e => Assert.Equal(nameof(EventType.DeviceConnected), e.Type));

        // Errors come back typed.
        var error = await Assert.ThrowsAsync<SyncApiException>(() => a.Client.GetFolderStatusAsync("no-such-folder", ct));
        Assert.InRange(error.Status, 400, 599);
    }

    private static FolderConfiguration Folder(ClientSuiteNode self, ClientSuiteNode peer) => new()
    {
        Id = FolderId,
        Label = "Suite",
        Path = Directory.CreateDirectory(Path.Combine(self.DataRoot, FolderId)).FullName,
        Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = self.Id }, new FolderDeviceConfiguration { DeviceId = peer.Id }),
        FsWatcherEnabled = false,
    };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for " + what);
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
