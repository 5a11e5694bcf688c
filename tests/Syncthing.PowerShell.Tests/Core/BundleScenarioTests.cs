using System.Security;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Tests.Core;

/// <summary>
/// Issue 7 through the services behind Export-SyncBundle and Import-SyncBundle: two in-process nodes share a folder
/// but never connect (no addresses); a's changes reach b only by a bundle file.
/// </summary>
public sealed class BundleScenarioTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly NodeRegistry _registry = new();
    private string _root = "";

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("st-pwsh-bundle").FullName;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_bundle_exported_on_a_brings_its_files_to_b_and_a_second_import_changes_nothing()
    {
        using var cts = new CancellationTokenSource(Limit);
        var ct = cts.Token;
        var (a, b, aPath, bPath) = await StartPairAsync(ct);
        var bundles = new BundleOperations(_registry);
        Directory.CreateDirectory(Path.Combine(aPath, "docs"));
        var content = new byte[300_000];
        new Random(11).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(aPath, "docs", "report.bin"), content, ct);
        await File.WriteAllTextAsync(Path.Combine(aPath, "readme.txt"), "carried by hand", ct);
        var bundle = Path.Combine(_root, "a-to-b.stbundle");
        var receipt = Path.Combine(_root, "b.streceipt");

        var exported = await bundles.ExportAsync("a", "shared", b.DeviceId, bundle, full: false, maxSize: null, password: null, ct);
        var whatIf = await bundles.PreviewAsync("b", bundle, null, ct);
        var changedByWhatIf = Directory.EnumerateFileSystemEntries(bPath).Where(e => !Path.GetFileName(e).StartsWith(".st", StringComparison.Ordinal)).ToList();
        var imported = await bundles.ImportAsync("b", bundle, null, receipt, ct);
        var again = await bundles.ImportAsync("b", bundle, null, null, ct);
        var whatIfAgain = await bundles.PreviewAsync("b", bundle, null, ct);

        // -WhatIf: the node's dry run lists each change and changes nothing.
        Assert.Equal(
            [("Create", "directory", "docs"), ("Create", "file", "docs/report.bin"), ("Create", "file", "readme.txt")],
            whatIf.Select(c => (c.Change, c.Type, c.Name)).Order());
        Assert.All(whatIf, c => Assert.Equal(("b", "shared"), (c.Node, c.FolderId)));
        Assert.Equal(content.Length, whatIf.Single(c => c.Name == "docs/report.bin").Size);
        Assert.Empty(changedByWhatIf);
        Assert.Empty(whatIfAgain);
        Assert.Equal([bundle], exported.Paths);
        Assert.Equal(3, exported.Records); // docs, docs/report.bin, readme.txt
        Assert.True(exported.Blocks >= 3, $"blocks {exported.Blocks}");
        Assert.Empty(exported.Skipped);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(bPath, "docs", "report.bin"), ct));
        Assert.Equal("carried by hand", await File.ReadAllTextAsync(Path.Combine(bPath, "readme.txt"), ct));
        var folder = Assert.Single(imported);
        Assert.Equal(("b", "shared", a.DeviceId, 3L, 3L), (folder.Node, folder.FolderId, folder.Exporter, folder.Applied, folder.Pulled));
        Assert.Empty(folder.Errors);
        Assert.False(folder.Gap);
        Assert.Equal(receipt, folder.ReceiptPath);
        Assert.True(new FileInfo(receipt).Length > 0);
        var second = Assert.Single(again);
        Assert.Equal((0L, 3L, 0L), (second.Applied, second.AlreadyHeld, second.Pulled));

        // b's own index now holds the files (b scanned nothing itself): its status shows them in sync.
        var status = Assert.Single(await new StatusOperations(_registry).GetStatusAsync(["b"], ["shared"], ct));
        Assert.Equal(0, status.NeedFiles);
        Assert.Equal(2, status.LocalFiles);
    }

    [Fact]
    public async Task Refusals_carry_stable_ErrorIds_and_change_nothing()
    {
        using var cts = new CancellationTokenSource(Limit);
        var ct = cts.Token;
        var (a, b, aPath, bPath) = await StartPairAsync(ct);
        var bundles = new BundleOperations(_registry);
        await File.WriteAllTextAsync(Path.Combine(aPath, "secret.txt"), "for b only", ct);
        var bundle = Path.Combine(_root, "a-to-b.stbundle");
        await bundles.ExportAsync("a", "shared", b.DeviceId, bundle, false, null, null, ct);

        var unknownFolder = await Assert.ThrowsAsync<SyncOperationException>(() => bundles.ExportAsync("a", "nope", b.DeviceId, bundle + "2", false, null, null, ct));
        var unknownDevice = await Assert.ThrowsAsync<SyncOperationException>(() => bundles.ExportAsync("a", "shared", "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD", bundle + "2", false, null, null, ct));
        var relative = await Assert.ThrowsAsync<SyncOperationException>(() => bundles.ImportAsync("b", "a-to-b.stbundle", null, null, ct));
        var missing = await Assert.ThrowsAsync<SyncOperationException>(() => bundles.ImportAsync("b", Path.Combine(_root, "missing.stbundle"), null, null, ct));
        // Addressed to b, so a itself refuses it.
        var notForUs = await Assert.ThrowsAsync<SyncOperationException>(() => bundles.ImportAsync("a", bundle, null, null, ct));
        // A tampered copy is refused by b before anything changes.
        var tampered = Path.Combine(_root, "tampered.stbundle");
        var bytes = await File.ReadAllBytesAsync(bundle, ct);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(tampered, bytes, ct);
        var refused = await Assert.ThrowsAsync<SyncOperationException>(() => bundles.ImportAsync("b", tampered, null, null, ct));

        Assert.Equal(SyncErrorIds.FolderNotFound, unknownFolder.ErrorId);
        Assert.Equal(SyncErrorIds.DeviceNotFound, unknownDevice.ErrorId);
        Assert.Equal(SyncErrorIds.BundlePathInvalid, relative.ErrorId);
        Assert.Equal(SyncErrorIds.BundleNotFound, missing.ErrorId);
        Assert.Equal(SyncErrorIds.BundleRefused, notForUs.ErrorId);
        Assert.Equal(SyncErrorIds.BundleRefused, refused.ErrorId);
        Assert.False(File.Exists(Path.Combine(bPath, "secret.txt")));
        Assert.False(File.Exists(bundle + "2"));
    }

    [Fact]
    public async Task A_password_protected_bundle_needs_the_same_SecureString_password()
    {
        using var cts = new CancellationTokenSource(Limit);
        var ct = cts.Token;
        var (_, b, aPath, bPath) = await StartPairAsync(ct);
        var bundles = new BundleOperations(_registry);
        await File.WriteAllTextAsync(Path.Combine(aPath, "sealed.txt"), "only with the password", ct);
        var bundle = Path.Combine(_root, "sealed.stbundle");
        using var password = Secure("corRect-hoRse");
        using var wrong = Secure("wrong");

        await bundles.ExportAsync("a", "shared", b.DeviceId, bundle, false, null, password, ct);
        var without = await Assert.ThrowsAsync<SyncOperationException>(() => bundles.ImportAsync("b", bundle, null, null, ct));
        var withWrong = await Assert.ThrowsAsync<SyncOperationException>(() => bundles.PreviewAsync("b", bundle, wrong, ct));
        Assert.False(File.Exists(Path.Combine(bPath, "sealed.txt")));
        var imported = Assert.Single(await bundles.ImportAsync("b", bundle, password, null, ct));

        Assert.Equal(SyncErrorIds.BundleRefused, without.ErrorId);
        Assert.Equal(SyncErrorIds.BundleRefused, withWrong.ErrorId);
        Assert.Equal(1, imported.Applied);
        Assert.Equal("only with the password", await File.ReadAllTextAsync(Path.Combine(bPath, "sealed.txt"), ct));
        var bytes = await File.ReadAllBytesAsync(bundle, ct);
        Assert.True(bytes.AsSpan().IndexOf("only with the password"u8) < 0, "the content is encrypted");
        Assert.True(bytes.AsSpan().IndexOf("sealed.txt"u8) < 0, "the names are encrypted");
        Assert.Equal("corRect-hoRse", SecureText.Reveal(password));
        Assert.Null(SecureText.Reveal(null));
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>Two nodes that share folder "shared" and know each other but have no address for each other.</summary>
    private async Task<(SyncNodeInfo A, SyncNodeInfo B, string APath, string BPath)> StartPairAsync(CancellationToken ct)
    {
        var nodes = new NodeOperations(_registry, TimeProvider.System);
        var devices = new DeviceOperations(_registry);
        var folders = new FolderOperations(_registry);
        var a = await nodes.StartInProcessAsync("a", Path.Combine(_root, "a-home"), null, null, ct);
        var b = await nodes.StartInProcessAsync("b", Path.Combine(_root, "b-home"), null, null, ct);
        await devices.AddAsync("a", b.DeviceId, "b", null, introducer: false, ct);
        await devices.AddAsync("b", a.DeviceId, "a", null, introducer: false, ct);
        var aPath = Path.Combine(_root, "a-data");
        var bPath = Path.Combine(_root, "b-data");
        await folders.AddAsync("a", new SyncFolderSpec("shared", aPath) { DeviceIds = [b.DeviceId], WatchDelayS = 0 }, ct);
        await folders.AddAsync("b", new SyncFolderSpec("shared", bPath) { DeviceIds = [a.DeviceId], WatchDelayS = 0 }, ct);
        return (a, b, aPath, bPath);
    }
}
