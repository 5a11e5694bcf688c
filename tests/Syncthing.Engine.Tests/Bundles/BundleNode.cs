using System.Security.Cryptography;
using Syncthing.Engine.Bundles;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Fs.InMemory;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Scanner;
using Syncthing.Engine.Tests.Index;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Bundles;

/// <summary>
/// One node for bundle tests: a real identity (ECDSA certificate), an in-memory folder, a real SQLite index, the
/// devices it trusts and, per target, the sequence its last receipt acknowledged.
/// </summary>
internal sealed class BundleNode : IDisposable
{
    public const string Folder = "default";

    private readonly TempIndex _index = new();

    public BundleNode(FakeTimeProvider time)
    {
        Time = time;
        Identity = DeviceIdentity.Generate(time, "syncthing");
        Fs = new InMemoryFileSystem(time);
    }

    public FakeTimeProvider Time { get; }

    public DeviceIdentity Identity { get; }

    public DeviceId Id => Identity.Id;

    public InMemoryFileSystem Fs { get; }

    public SqliteIndexStore Store => _index.Store;

    /// <summary>The index database file (for byte-level and row-level comparisons).</summary>
    public string IndexPath => _index.Path;

    public HashSet<DeviceId> Trusted { get; } = [];

    public Dictionary<DeviceId, long> Acknowledged { get; } = [];

    public PullOptions Options { get; set; } = new() { Order = Syncthing.Engine.Config.PullOrder.Alphabetic, DisableFsync = true };

    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public static void Trust(params BundleNode[] nodes)
    {
        foreach (var a in nodes)
        {
            foreach (var b in nodes)
            {
                if (a != b)
                {
                    a.Trusted.Add(b.Id);
                }
            }
        }
    }

    public Task<ScanResult> ScanAsync() =>
        new FolderScanner(Folder, Fs, Id.Short, Store, null, new FolderScanOptions { Hashers = 1 }, Time).ScanAsync(null, null, Timeout);

    /// <summary>Scans, then exports what <paramref name="target"/> lacks (by its last receipt) to memory.</summary>
    public async Task<(byte[] Bundle, BundleExportResult Result)> ExportAsync(BundleNode target, bool full = false, bool scan = true)
    {
        if (scan)
        {
            await ScanAsync();
        }

        using var output = new MemoryStream();
        var options = new BundleExportOptions { Full = full, Since = Acknowledged.GetValueOrDefault(target.Id) };
        var result = await BundleExporter.ExportAsync(Store, Fs, Identity, Folder, target.Id, options, output, Time, null, Timeout);
        return (output.ToArray(), result);
    }

    /// <summary>Scans (as the folder runner does before pulling), then imports.</summary>
    public async Task<BundleImportResult> ImportAsync(byte[] bundle, bool scan = true, string? password = null)
    {
        if (scan)
        {
            await ScanAsync();
        }

        using var input = new MemoryStream(bundle, writable: false);
        return await BundleImporter.ImportAsync(Store, Identity, Trusted, input, f => f == Folder ? new BundleImportFolder(Fs, Options) : null, Time, null, Timeout, password);
    }

    /// <summary>Reads a receipt from a target and remembers what it acknowledged.</summary>
    public void Accept(ReadOnlyMemory<byte> receipt)
    {
        var decoded = BundleReceipt.Decode(receipt.Span, Trusted);
        Acknowledged[decoded.Device] = decoded.SinceFor(Store, Id);
    }

    /// <summary>Exports to <paramref name="target"/>, imports there, and brings the receipt back.</summary>
    public async Task<BundleImportResult> SendAsync(BundleNode target, bool full = false)
    {
        var (bundle, _) = await ExportAsync(target, full);
        var result = await target.ImportAsync(bundle);
        Accept(result.Folders[0].SignedReceipt);
        return result;
    }

    public void Write(string name, byte[] content)
    {
        var slash = name.LastIndexOf('/');
        if (slash > 0 && !Fs.Exists(name[..slash]))
        {
            Fs.CreateDirectory(name[..slash], 0x1ED);
        }

        if (Fs.Exists(name))
        {
            Fs.Remove(name);
        }

        using var stream = Fs.CreateNew(name, 0x1A4);
        stream.Write(content);
    }

    public byte[] Read(string name)
    {
        using var stream = Fs.OpenRead(name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The folder's tree: name → "dir" or the file's SHA-256 (internal names and temp files left out).</summary>
    public SortedDictionary<string, string> Tree()
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(string.Empty, tree);
        return tree;
    }

    private void Walk(string directory, SortedDictionary<string, string> tree)
    {
        foreach (var entry in Fs.ListDirectory(directory))
        {
            var baseName = entry.Name.Contains('/', StringComparison.Ordinal) ? entry.Name[(entry.Name.LastIndexOf('/') + 1)..] : entry.Name;
            if (baseName.StartsWith(".st", StringComparison.Ordinal) || baseName.StartsWith("~syncthing~", StringComparison.Ordinal) || baseName.StartsWith(".syncthing.", StringComparison.Ordinal))
            {
                continue;
            }

            var name = directory.Length == 0 ? baseName : directory + "/" + baseName;
            if (entry.IsDirectory)
            {
                tree[name] = "dir";
                Walk(name, tree);
            }
            else
            {
                tree[name] = Convert.ToHexString(SHA256.HashData(Read(name)));
            }
        }
    }

    public void Dispose()
    {
        _index.Dispose();
        Identity.Dispose();
    }
}
