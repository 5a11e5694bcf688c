using Syncthing.Engine.Api;
using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Hosting;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Api;

/// <summary>
/// Issue 7's REST surface on in-process nodes through SyncClient: a and b share a folder but never connect; b and
/// c are connected. A bundle from a imported on running b reaches c online: the import announces b's new index to
/// its connected peers like any local change.
/// </summary>
public sealed class BundleApiInProcessTests : IAsyncLifetime
{
    private const string FolderId = "carried";
    private const string ApiKey = "bundle-test-key";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly InProcessRoot _root = new("st-bundle-api");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _root.DisposeAsync().AsTask();

    [Fact]
    public async Task A_bundle_imported_on_a_running_node_reaches_its_connected_peers()
    {
        using var timeout = new CancellationTokenSource(Limit * 2);
        var ct = timeout.Token;
        var (idA, idB, idC) = (InProcessNodes.Identity(_root.Path, "a"), InProcessNodes.Identity(_root.Path, "b"), InProcessNodes.Identity(_root.Path, "c"));
        var (dataA, dataB, dataC) = (Data("a"), Data("b"), Data("c"));
        var a = Start(InProcessNodes.Start(_root.Path, "a", idA, dataA, FolderId, [idB]));
        var b = Start(InProcessNodes.Start(_root.Path, "b", idB, dataB, FolderId, [idA, idC]));
        var c = Start(InProcessNodes.Start(_root.Path, "c", idC, dataC, FolderId, [idB]));
        var (clientA, clientB, clientC) = (Client(a), Client(b), Client(c));
        await b.DialAsync(idC, $"tcp://127.0.0.1:{c.ListenEndpoints[0].Port}", ct);
        await WaitUntilAsync(async () => (await clientB.GetConnectionsAsync(ct)).Connections.TryGetValue(idC.ToString(), out var x) && x.Connected, "b connected to c", ct);
        var content = new byte[250_000];
        new Random(3).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(dataA, "report.bin"), content, ct);
        var bundle = Path.Combine(_root.Path, "a-to-b.stbundle");

        // a scans by itself before exporting: the file was never scanned.
        var exported = await clientA.ExportBundleAsync(new BundleExportRequest(FolderId, idB.ToString(), bundle) { MaxSize = 100_000 }, ct);
        var imported = await clientB.ImportBundleAsync(new BundleImportRequest(bundle + ".001"), ct);

        Assert.Equal(1, exported.Records);
        Assert.True(exported.Paths.Count >= 3, string.Join(", ", exported.Paths));
        Assert.Equal(idA.ToString(), imported.Exporter);
        var folder = Assert.Single(imported.Folders);
        Assert.Equal((FolderId, 1L, 1L, 0), (folder.Folder, folder.Applied, folder.Pulled, folder.Errors.Count));
        Assert.Null(folder.Gap);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(dataB, "report.bin"), ct));

        // A dry run of the same bundle now finds nothing to do; a receipt makes a's next export empty.
        var dryRun = await clientB.ImportBundleAsync(new BundleImportRequest(bundle) { DryRun = true }, ct);
        Assert.True(dryRun.DryRun);
        Assert.Empty(dryRun.Changes);
        Assert.Equal((0L, 1L), (dryRun.Folders[0].Applied, dryRun.Folders[0].AlreadyHeld));
        var receipt = Path.Combine(_root.Path, "b.streceipt");
        await clientB.ImportBundleAsync(new BundleImportRequest(bundle) { ReceiptPath = receipt }, ct);
        var accepted = await clientA.AcceptBundleReceiptAsync(new BundleReceiptRequest(receipt), ct);
        Assert.True(accepted.Stored, accepted.Ignored);
        Assert.Equal((idB.ToString(), FolderId, 1L), (accepted.Device, accepted.Folder, accepted.Sequence));
        Assert.Equal(0, (await clientA.ExportBundleAsync(new BundleExportRequest(FolderId, idB.ToString(), Path.Combine(_root.Path, "empty.stbundle")), ct)).Records);

        // c never saw a nor the bundle: it gets the file from b online.
        var arrived = Path.Combine(dataC, "report.bin");
        await WaitUntilAsync(() => Task.FromResult(File.Exists(arrived) && File.ReadAllBytes(arrived).AsSpan().SequenceEqual(content)), "report.bin on c", ct);
        // The puller moves the file into place before it records it in c's index: wait (bounded) for the record too.
        await WaitUntilAsync(async () => (await clientC.GetFolderStatusAsync(FolderId, ct)).NeedTotalItems == 0, "c's index to record report.bin", ct);
        Assert.Equal(1, (await clientC.GetFolderStatusAsync(FolderId, ct)).LocalFiles);
    }

    [Fact]
    public async Task Refusals_answer_400_or_404_with_a_reason_and_change_nothing()
    {
        using var timeout = new CancellationTokenSource(Limit);
        var ct = timeout.Token;
        var (idA, idB) = (InProcessNodes.Identity(_root.Path, "a"), InProcessNodes.Identity(_root.Path, "b"));
        var (dataA, dataB) = (Data("a"), Data("b"));
        var clientA = Client(Start(InProcessNodes.Start(_root.Path, "a", idA, dataA, FolderId, [idB])));
        var nodeB = Start(InProcessNodes.Start(_root.Path, "b", idB, dataB, FolderId, [idA]));
        var clientB = Client(nodeB);
        await File.WriteAllTextAsync(Path.Combine(dataA, "one.txt"), "1", ct);
        var bundle = Path.Combine(_root.Path, "a-to-b.stbundle");
        await clientA.ExportBundleAsync(new BundleExportRequest(FolderId, idB.ToString(), bundle), ct);

        async Task<SyncApiException> Refused(Func<Task> call) => await Assert.ThrowsAsync<SyncApiException>(call);
        var cases = new (SyncApiException Error, int Status, string Reason)[]
        {
            (await Refused(() => clientA.ExportBundleAsync(new BundleExportRequest(FolderId, idB.ToString(), "relative.stbundle"), ct)), 400, "path must be an absolute path"),
            (await Refused(() => clientA.ExportBundleAsync(new BundleExportRequest("nope", idB.ToString(), bundle + "x"), ct)), 404, "no such folder"),
            (await Refused(() => clientA.ExportBundleAsync(new BundleExportRequest(FolderId, "not-a-device", bundle + "x"), ct)), 400, ""),
            (await Refused(() => clientA.ExportBundleAsync(new BundleExportRequest(FolderId, idA.ToString(), bundle + "x"), ct)), 400, "another device"),
            (await Refused(() => clientB.ImportBundleAsync(new BundleImportRequest(Path.Combine(_root.Path, "missing.stbundle")), ct)), 404, ""),
            (await Refused(() => clientA.ImportBundleAsync(new BundleImportRequest(bundle), ct)), 400, "a device we do not trust"),
            (await Refused(() => clientB.AcceptBundleReceiptAsync(new BundleReceiptRequest(bundle), ct)), 400, ""),
            (await Refused(() => clientB.ImportBundleAsync(new BundleImportRequest(bundle) { ReceiptPath = Path.Combine(_root.Path, "no-such-dir", "r") }, ct)), 400, "receiptPath"),
            (await Refused(() => clientB.SendAsync("POST", "/rest/bundle/import", null, "{not json"u8.ToArray(), ct)), 400, "invalid JSON body"),
            (await Refused(() => SyncClient.InProcess(new RestApi(nodeB, apiKeyOverride: ApiKey), "wrong").ImportBundleAsync(new BundleImportRequest(bundle), ct)), 403, "CSRF Error"),
        };

        Assert.All(cases, x =>
        {
            Assert.Equal(x.Status, x.Error.Status);
            Assert.Contains(x.Reason, x.Error.Body, StringComparison.Ordinal);
        });
        Assert.False(File.Exists(Path.Combine(dataB, "one.txt")));
        Assert.False(File.Exists(bundle + "x"));
        Assert.False(File.Exists(Path.Combine(_root.Path, "relative.stbundle")));
    }

    private string Data(string name) => Directory.CreateDirectory(Path.Combine(_root.Path, name + "-data")).FullName;

    private SyncNode Start(SyncNode node) => _root.Add(node);

    private static SyncClient Client(SyncNode node) => SyncClient.InProcess(new RestApi(node, apiKeyOverride: ApiKey), ApiKey);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Limit);
        while (!await condition())
        {
            Assert.False(limit.IsCancellationRequested, $"not reached within {Limit}: {what}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
