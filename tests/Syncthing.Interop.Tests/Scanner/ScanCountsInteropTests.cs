using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Syncthing.Engine.Config;
using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Scanner;
using Syncthing.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Syncthing.Interop.Tests.Scanner;

/// <summary>
/// Issue 3, "for the same tree, our index's status counts equal real Syncthing's": real Syncthing 1.19.2 scans a
/// tree itself (its own folder at that path, no peers) and our <see cref="FolderScanner"/> scans the same tree into
/// a <see cref="SqliteIndexStore"/>; every count of its <c>/rest/db/status</c> must equal ours, after the first
/// scan and again after files and a directory were deleted and both sides rescanned.
/// </summary>
public sealed class ScanCountsInteropTests : IAsyncLifetime
{
    private const string FolderId = "tree";
    private readonly ITestOutputHelper _output;
    private string _root = "";

    public ScanCountsInteropTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("st-scan-counts").FullName;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        // The read-only file and directory must become writable again before the tree can be removed.
        foreach (var path in Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories))
        {
            if (!new FileInfo(path).Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [SyncthingFact]
    public async Task OurCountsEqualRealSyncthingsForTheSameTree()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var ct = timeout.Token;
        var data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        ScanTree.Write(data);

        // Real Syncthing: its own folder at the same path, shared with nobody.
        var realHome = Path.Combine(_root, "real-home");
        var realId = await RealSyncthing.GenerateAsync(realHome, noDefaultFolder: true);
        var gui = $"127.0.0.1:{RealSyncthing.FreePort()}";
        var apiKey = ConfigDefaults.NewApiKey();
        var config = ConfigDefaults.WithTestRigSettings(
            ConfigDefaults.Create(realId, "real", withDefaultFolder: false, "/unused", apiKey),
            $"tcp://127.0.0.1:{RealSyncthing.FreePort()}", gui, apiKey);
        config = config with
        {
            Folders = ValueList.Of(new FolderConfiguration
            {
                Id = FolderId,
                Label = FolderId,
                Path = data,
                FsWatcherEnabled = false,
                RescanIntervalS = 3600,
                Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = realId }),
            }),
        };
        await ConfigXml.SaveAsync(config, Path.Combine(realHome, "config.xml"), ct);
        await using var real = await RealSyncthing.StartAsync(realHome, gui, apiKey, ct);

        // Ours: a scanner over the same path with its own index; .stignore is loaded by the scanner.
        var ourId = DeviceId.FromBytes(Enumerable.Range(0, DeviceId.Length).Select(i => (byte)(i * 7 + 3)).ToArray());
        using var store = new SqliteIndexStore(Path.Combine(_root, "ours.db"));
        var scanner = new FolderScanner(FolderId, new BasicFileSystem(data), ourId.Short, store, ignores: null, new FolderScanOptions(), TimeProvider.System);

        var first = await scanner.ScanAsync(null, null, ct);
        Assert.Empty(first.Errors);
        var realStatus = await ScanRealAsync(real, ct);
        _output.WriteLine($"after the first scan, real: {realStatus.ToJsonString()}");
        AssertSameCounts(realStatus, store);
        Assert.Equal(ScanTree.Files, store.LocalCounts(FolderId).Files);
        Assert.Equal(ScanTree.Directories, store.LocalCounts(FolderId).Directories);
        Assert.Equal(1, store.LocalCounts(FolderId).Symlinks);
        Assert.Equal(0, store.LocalCounts(FolderId).Deleted);

        // Delete two files and a directory with its contents; both sides rescan.
        var deleted = ScanTree.DeleteSome(data);
        var second = await scanner.ScanAsync(null, null, ct);
        Assert.Empty(second.Errors);
        Assert.Equal(deleted, second.Deleted);
        realStatus = await ScanRealAsync(real, ct);
        _output.WriteLine($"after the deletions, real: {realStatus.ToJsonString()}");
        AssertSameCounts(realStatus, store);
        Assert.Equal(deleted, store.GlobalCounts(FolderId).Deleted);
    }

    /// <summary>Every counter of real's /rest/db/status that our index can answer, named as 1.19 names them, and the sequence.</summary>
    private static void AssertSameCounts(JsonNode status, SqliteIndexStore store)
    {
        var global = store.GlobalCounts(FolderId);
        var local = store.LocalCounts(FolderId);
        var need = store.NeedCounts(FolderId);
        var ours = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["globalFiles"] = global.Files,
            ["globalDirectories"] = global.Directories,
            ["globalSymlinks"] = global.Symlinks,
            ["globalDeleted"] = global.Deleted,
            ["globalBytes"] = global.Bytes,
            ["globalTotalItems"] = global.TotalItems,
            ["localFiles"] = local.Files,
            ["localDirectories"] = local.Directories,
            ["localSymlinks"] = local.Symlinks,
            ["localDeleted"] = local.Deleted,
            ["localBytes"] = local.Bytes,
            ["localTotalItems"] = local.TotalItems,
            ["needFiles"] = need.Files,
            ["needDirectories"] = need.Directories,
            ["needSymlinks"] = need.Symlinks,
            ["needDeletes"] = need.Deleted,
            ["needBytes"] = need.Bytes,
            ["needTotalItems"] = need.TotalItems,

            // 1.19 derives these from the global and need counts of the local device.
            ["inSyncFiles"] = global.Files - need.Files,
            ["inSyncBytes"] = global.Bytes - need.Bytes,

            // One sequence per record written: both sides wrote the same records.
            ["sequence"] = store.GetLocalMaxSequence(FolderId),
        };
        var differences = new StringBuilder();
        foreach (var (name, value) in ours)
        {
            var theirs = (long?)status[name];
            if (theirs != value)
            {
                differences.AppendLine(CultureInfo.InvariantCulture, $"{name}: real {theirs?.ToString(CultureInfo.InvariantCulture) ?? "missing"}, ours {value}");
            }
        }

        Assert.True(differences.Length == 0, $"counts differ:\n{differences}\nreal status: {status.ToJsonString()}");
    }

    /// <summary>Asks real Syncthing for a full scan (1.19 answers when it is done), then waits, bounded, for idle.</summary>
    private static async Task<JsonNode> ScanRealAsync(RealSyncthing real, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await real.PostAsync($"rest/db/scan?folder={FolderId}", null, ct);
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // The folder is not running yet (still starting); ask again.
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }

        while (true)
        {
            var status = JsonNode.Parse(await real.GetAsync($"rest/db/status?folder={FolderId}", ct))!;
            if ((string?)status["state"] == "idle")
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"real Syncthing did not become idle: {status.ToJsonString()}\n{real.Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }
}
