using BenchmarkDotNet.Attributes;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Benchmarks;

/// <summary>
/// <see cref="SqliteIndexStore"/> in a temporary directory on the real disk (WAL, synchronous=FULL, as in
/// production). Reads run against a folder of 10,000 local files and a remote device that announces the same
/// 10,000 names, every second one with a newer version, so the local device needs 5,000 files.
/// </summary>
[MemoryDiagnoser]
public class IndexStoreReadBenchmarks
{
    private const string Folder = "default-folder";

    private TempStore _store = null!;
    private string[] _names = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var local = IndexRecords.Create(10_000);
        _names = local.Select(f => f.Name).ToArray();
        _store = new TempStore();
        _store.Store.UpdateLocal(Folder, local);
        var remote = local.Select((f, i) => i % 2 == 1 ? IndexRecords.NewerFromRemote(f) : f).ToList();
        _store.Store.ApplyRemote(Folder, IndexRecords.RemoteDevice, remote, replaceAll: true);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark]
    public FileRecord? GetLocal()
    {
        var name = _names[_next];
        _next = (_next + 7919) % _names.Length;
        return _store.Store.GetLocal(Folder, name);
    }

    /// <summary>First page of the need list, as the puller or a GUI would ask for it.</summary>
    [Benchmark]
    public int NeedFirstPage100() => _store.Store.Need(Folder, skip: 0, take: 100).Count();

    /// <summary>A page deep into the list (OFFSET 4,000).</summary>
    [Benchmark]
    public int NeedPage100At4000() => _store.Store.Need(Folder, skip: 4000, take: 100).Count();

    /// <summary>The whole need list of 5,000 files, streamed in the store's internal pages.</summary>
    [Benchmark]
    public int NeedAll5000() => _store.Store.Need(Folder).Count();

    [Benchmark]
    public long GlobalCounts10000() => _store.Store.GlobalCounts(Folder).Files;
}

/// <summary>
/// The folder counters that /rest/db/status, /rest/db/completion and the FolderSummary/FolderCompletion events read
/// on every call, on a folder of 100,000 local files that a remote device announces too, every second one newer
/// (so the local device needs 50,000 files and the remote none).
/// </summary>
[MemoryDiagnoser]
public class IndexStoreCountsBenchmarks
{
    private const string Folder = "default-folder";

    private TempStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        var local = IndexRecords.Create(100_000);
        _store = new TempStore();
        _store.Store.UpdateLocal(Folder, local);
        var remote = local.Select((f, i) => i % 2 == 1 ? IndexRecords.NewerFromRemote(f) : f).ToList();
        _store.Store.ApplyRemote(Folder, IndexRecords.RemoteDevice, remote, replaceAll: true);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark]
    public long GlobalCounts100000() => _store.Store.GlobalCounts(Folder).Files;

    [Benchmark]
    public long LocalCounts100000() => _store.Store.LocalCounts(Folder).Files;

    [Benchmark]
    public long NeedCountsLocal100000() => _store.Store.NeedCounts(Folder).Files;

    [Benchmark]
    public long NeedCountsRemote100000() => _store.Store.NeedCounts(Folder, IndexRecords.RemoteDevice).Files;

    /// <summary>What one /rest/db/completion call reads (global and need counts and the sequence).</summary>
    [Benchmark]
    public long CompletionCounts100000() => _store.Store.Completion(Folder, IndexRecords.RemoteDevice).NeedItems;
}

/// <summary>One <see cref="SqliteIndexStore.UpdateLocal"/> of 10,000 new records in a fresh database.</summary>
[MemoryDiagnoser]
public class IndexStoreWriteBenchmarks
{
    private const string Folder = "default-folder";

    private List<FileRecord> _records = [];
    private TempStore? _store;

    [GlobalSetup]
    public void Setup() => _records = IndexRecords.Create(10_000);

    [IterationSetup]
    public void CreateStore() => _store = new TempStore();

    [IterationCleanup]
    public void DeleteStore()
    {
        _store?.Dispose();
        _store = null;
    }

    [Benchmark]
    [InvocationCount(1)]
    public long UpdateLocal10000() => _store!.Store.UpdateLocal(Folder, _records);
}

/// <summary>A fresh index database in its own temporary directory, deleted on dispose.</summary>
internal sealed class TempStore : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stbench-index-").FullName;

    public TempStore() => Store = new SqliteIndexStore(Path.Combine(_directory, "index.db"));

    public SqliteIndexStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory does not invalidate a measurement.
        }
    }
}

/// <summary>Realistic index records: the files of <see cref="BenchData.IndexMessage"/> mapped to domain records.</summary>
internal static class IndexRecords
{
    private const ulong RemoteShortId = 0x1111_2222_3333_4444UL;

    public static DeviceId RemoteDevice { get; } = DeviceId.FromBytes(Enumerable.Range(1, DeviceId.Length).Select(i => (byte)i).ToArray());

    public static List<FileRecord> Create(int count) =>
        BenchData.IndexMessage(count, seed: 11).Files.Select(WireMapping.ToRecord).ToList();

    /// <summary>The same file after a change on the remote device: its version dominates the original.</summary>
    public static FileRecord NewerFromRemote(FileRecord file) => file with
    {
        Version = VersionVector.FromCounters(file.Version.Counters.Append(new Counter(RemoteShortId, 2_000_000_000))),
        ModifiedBy = RemoteShortId,
    };
}
