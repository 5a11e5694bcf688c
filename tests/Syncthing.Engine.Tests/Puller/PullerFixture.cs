using System.Security.Cryptography;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Fs.InMemory;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Scanner;
using Syncthing.Engine.Tests.Index;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Puller;

/// <summary>
/// Two sides of one folder: a remote device (its own file system, index and scanner) and us (file system, index,
/// scanner and puller). <see cref="Announce"/> hands the remote's index to ours as its Index; the fake fetcher
/// serves blocks from the remote's file system and counts what was requested.
/// </summary>
internal sealed class PullerFixture : IDisposable
{
    public const string Folder = "default";

    private readonly TempIndex _ourIndex = new();
    private readonly TempIndex _remoteIndex = new();

    public PullerFixture(IFileSystem? ours = null, IFileSystem? remote = null)
    {
        Time = new FakeTimeProvider();
        Fs = ours ?? new InMemoryFileSystem(Time);
        RemoteFs = remote ?? new InMemoryFileSystem(Time);
        Fetcher = new FakeFetcher(RemoteFs) { Connected = { RemoteDevice } };
    }

    public static DeviceId OurDevice { get; } = DeviceId.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());

    public static DeviceId RemoteDevice { get; } = DeviceId.FromBytes(Enumerable.Repeat((byte)0x77, 32).ToArray());

    public FakeTimeProvider Time { get; }

    public IFileSystem Fs { get; }

    public IFileSystem RemoteFs { get; }

    public FakeFetcher Fetcher { get; }

    public Syncthing.Engine.Index.SqliteIndexStore Store => _ourIndex.Store;

    public Syncthing.Engine.Index.SqliteIndexStore RemoteStore => _remoteIndex.Store;

    public PullOptions Options { get; set; } = new() { Order = Syncthing.Engine.Config.PullOrder.Alphabetic };

    public RecordingObserver Observer { get; } = new();

    public int LocalIndexNotifications { get; private set; }

    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    public Task<ScanResult> ScanRemoteAsync() =>
        new FolderScanner(Folder, RemoteFs, RemoteDevice.Short, RemoteStore, null, new FolderScanOptions { Hashers = 1 }, Time)
            .ScanAsync(null, null, Timeout);

    public Task<ScanResult> ScanOursAsync(IgnoreMatcher? ignores = null) =>
        new FolderScanner(Folder, Fs, OurDevice.Short, Store, ignores, new FolderScanOptions { Hashers = 1 }, Time)
            .ScanAsync(null, null, Timeout);

    /// <summary>Gives our index the remote's whole index (as a full Index message would).</summary>
    public void Announce() =>
        Store.ApplyRemote(Folder, RemoteDevice, [.. RemoteStore.LocalEntriesUnder(Folder, "")], replaceAll: true);

    /// <summary>Scans the remote side, announces its index, and pulls once.</summary>
    public async Task<PullResult> SyncAsync(IgnoreMatcher? ignores = null)
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        await ScanRemoteAsync();
        Announce();
        return await PullAsync(ignores);
    }

    public Task<PullResult> PullAsync(IgnoreMatcher? ignores = null) =>
        new FolderPuller(Folder, Fs, Store, Fetcher, OurDevice.Short, Options, Time, Observer, () => LocalIndexNotifications++)
            .PullAsync(ignores, Timeout);

    public static void Write(IFileSystem fs, string name, byte[] content, uint permissions = 0x1A4)
    {
        if (fs.Exists(name))
        {
            fs.Remove(name);
        }

        using var stream = fs.CreateNew(name, permissions);
        stream.Write(content);
    }

    public static byte[] Read(IFileSystem fs, string name)
    {
        using var stream = fs.OpenRead(name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha(byte[] data) => Convert.ToHexString(SHA256.HashData(data));

    public FileRecord Local(string name) => Store.GetLocal(Folder, name) ?? throw new InvalidOperationException($"{name} is not in our index");

    public int NeedCount => Store.Need(Folder).Count();

    public void Dispose()
    {
        _ourIndex.Dispose();
        _remoteIndex.Dispose();
    }
}
