using System.Security.Cryptography;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Fs.InMemory;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;
using Syncthing.Engine.Tests.Index;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Scanner;

/// <summary>A folder (in memory unless a file system is given), a real SQLite index and a scanner over both.</summary>
internal sealed class ScannerFixture : IDisposable
{
    public const string Folder = "default";

    public static readonly ShortId Us = new(0x1234_5678_9ABC_DEF0);

    private readonly TempIndex _index = new();

    public ScannerFixture(IFileSystem? fileSystem = null)
    {
        Time = new FakeTimeProvider();
        Memory = fileSystem is null ? new InMemoryFileSystem(Time) : null;
        Fs = fileSystem ?? Memory!;
    }

    public FakeTimeProvider Time { get; }

    public InMemoryFileSystem? Memory { get; }

    public IFileSystem Fs { get; }

    public Syncthing.Engine.Index.SqliteIndexStore Store => _index.Store;

    public FolderScanOptions Options { get; set; } = new() { Hashers = 2 };

    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    public FolderScanner CreateScanner(IgnoreMatcher? ignores = null) =>
        new(Folder, Fs, Us, Store, ignores, Options, Time);

    public Task<ScanResult> ScanAsync(params string[] subs) => ScanAsync(null, subs);

    public Task<ScanResult> ScanAsync(IgnoreMatcher? ignores, params string[] subs) =>
        CreateScanner(ignores).ScanAsync(subs.Length == 0 ? null : subs, null, Timeout);

    public void WriteFile(string name, byte[] content, uint permissions = 0x1A4)
    {
        if (Fs.Exists(name))
        {
            Fs.Remove(name);
        }

        using var stream = Fs.CreateNew(name, permissions);
        stream.Write(content);
    }

    public void WriteFile(string name, string content) => WriteFile(name, System.Text.Encoding.UTF8.GetBytes(content));

    public FileRecord Local(string name) => Store.GetLocal(Folder, name) ?? throw new InvalidOperationException($"{name} is not in the index");

    public IReadOnlyList<FileRecord> AllLocal() => [.. Store.LocalEntriesUnder(Folder, "")];

    public long MaxSequence => Store.GetLocalMaxSequence(Folder);

    public void Advance(int seconds = 1) => Time.Advance(TimeSpan.FromSeconds(seconds));

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Sha(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    public void Dispose() => _index.Dispose();
}
