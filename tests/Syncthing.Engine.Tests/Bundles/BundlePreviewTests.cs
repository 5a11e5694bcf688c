using Microsoft.Data.Sqlite;
using Syncthing.Engine.Bundles;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Bundles;

/// <summary>WhatIf: a preview lists exactly what the import then does, and changes nothing itself.</summary>
public sealed class BundlePreviewTests : IDisposable
{
    private const string Password = "preview password";
    private readonly FakeTimeProvider _time = new();
    private readonly BundleNode _a;
    private readonly BundleNode _c;
    private readonly Syncthing.Engine.Tests.Identity.TempDirectory _temp = new();

    public BundlePreviewTests()
    {
        _a = new BundleNode(_time);
        _c = new BundleNode(_time);
        BundleNode.Trust(_a, _c);
    }

    [Fact]
    public async Task A_preview_lists_exactly_what_the_import_does_and_changes_nothing()
    {
        _a.Write("update.txt", "first"u8.ToArray());
        _a.Write("delete.txt", "doomed"u8.ToArray());
        _a.Write("conflict.txt", "base"u8.ToArray());
        _a.Write("keep.txt", "never touched"u8.ToArray());
        await _a.SendAsync(_c);
        _c.Write("conflict.txt", "C edits first"u8.ToArray());
        _c.Write("own.txt", "only at C"u8.ToArray());
        await _c.ScanAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        _a.Write("update.txt", "second, longer"u8.ToArray());
        _a.Fs.Remove("delete.txt");
        _a.Write("conflict.txt", "A edits later, so A's version wins"u8.ToArray());
        _a.Write("new/created.bin", Puller.PullerFixture.Random(70_000, 7));
        var path = await ExportAsync();

        var before = Snapshot();
        var preview = await PreviewAsync(path);
        Assert.Equal(before, Snapshot());

        var tree = _c.Tree();
        var import = await BundleImporter.ImportFileAsync(_c.Store, _c.Identity, _c.Trusted, path, Folders, _time, null, BundleNode.Timeout, Password);
        Assert.Empty(import.Folders[0].Pull.Errors);

        Assert.Equal(_a.Id, preview.Exporter);
        Assert.False(preview.Full);
        Assert.Empty(preview.NotShared);
        var folder = Assert.Single(preview.Folders);
        Assert.Null(folder.Gap);
        Assert.Equal(import.Folders[0].RecordsApplied, folder.RecordsNew);
        Assert.Equal(import.Folders[0].HeldBefore, folder.HeldBefore);
        var expected = new SortedSet<string>(StringComparer.Ordinal)
        {
            "new:Create:directory", "new/created.bin:Create:file", "update.txt:Update:file", "delete.txt:Delete:file", "conflict.txt:Conflict:file",
        };
        Assert.Equal(expected, Listed(preview));
        Assert.Equal(expected, Observed(tree, _c.Tree()));
        Assert.Equal(70_000, preview.Items.Single(i => i.Name == "new/created.bin").Size);

        // Once imported, the same bundle has nothing left to do.
        var again = await PreviewAsync(path);
        Assert.Empty(again.Items);
        Assert.Equal(0, again.Folders[0].RecordsNew);
    }

    [Fact]
    public async Task A_preview_refuses_what_the_import_refuses()
    {
        _a.Write("x.txt", "x"u8.ToArray());
        var path = await ExportAsync();
        var before = Snapshot();

        await Assert.ThrowsAsync<BundleException>(() => BundleImporter.PreviewFileAsync(_c.Store, _c.Identity, _c.Trusted, path, Folders, null, BundleNode.Timeout));
        await Assert.ThrowsAsync<BundleException>(() => BundleImporter.PreviewFileAsync(_c.Store, _c.Identity, _c.Trusted, path, Folders, "wrong", BundleNode.Timeout));
        await Assert.ThrowsAsync<BundleException>(() => BundleImporter.PreviewFileAsync(_c.Store, _c.Identity, new HashSet<Syncthing.Engine.Identity.DeviceId>(), path, Folders, Password, BundleNode.Timeout));
        var notShared = await Assert.ThrowsAsync<BundleException>(() => BundleImporter.PreviewFileAsync(_c.Store, _c.Identity, _c.Trusted, path, _ => null, Password, BundleNode.Timeout));
        Assert.Contains("shared here", notShared.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    private BundleImportFolder? Folders(string folder) => folder == BundleNode.Folder ? new BundleImportFolder(_c.Fs, _c.Options) : null;

    private async Task<string> ExportAsync()
    {
        await _a.ScanAsync();
        var path = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N"));
        await BundleExporter.ExportToFileAsync(_a.Store, _a.Fs, _a.Identity, BundleNode.Folder, _c.Id,
            new BundleExportOptions { Since = _a.Acknowledged.GetValueOrDefault(_c.Id), Password = Password, PasswordIterations = BundleCrypto.MinIterations },
            path, _time, null, BundleNode.Timeout);
        await _c.ScanAsync();
        return path;
    }

    private Task<BundlePreview> PreviewAsync(string path) =>
        BundleImporter.PreviewFileAsync(_c.Store, _c.Identity, _c.Trusted, path, Folders, Password, BundleNode.Timeout);

    private static SortedSet<string> Listed(BundlePreview preview) =>
        new(preview.Items.Select(i => $"{i.Name}:{i.Change}:{i.Type}"), StringComparer.Ordinal);

    /// <summary>The changes an import made, read from the folder before and after it.</summary>
    private static SortedSet<string> Observed(SortedDictionary<string, string> before, SortedDictionary<string, string> after)
    {
        var conflicted = after.Keys.Where(n => n.Contains(".sync-conflict-", StringComparison.Ordinal))
            .Select(n => n[..n.IndexOf(".sync-conflict-", StringComparison.Ordinal)] + ".txt").ToHashSet();
        var changes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in after.Where(e => !e.Key.Contains(".sync-conflict-", StringComparison.Ordinal)))
        {
            var type = value == "dir" ? "directory" : "file";
            if (!before.TryGetValue(name, out var old))
            {
                changes.Add($"{name}:Create:{type}");
            }
            else if (old != value)
            {
                changes.Add($"{name}:{(conflicted.Contains(name) ? "Conflict" : "Update")}:{type}");
            }
        }

        foreach (var name in before.Keys.Where(n => !after.ContainsKey(n)))
        {
            changes.Add($"{name}:Delete:{(before[name] == "dir" ? "directory" : "file")}");
        }

        return changes;
    }

    /// <summary>The folder, every row of every table of C's index, and the bytes of its database file.</summary>
    private string Snapshot()
    {
        var rows = new List<string>();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _c.IndexPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            connection.Open();
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var values = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                    rows.Add(table + ":" + string.Join(",", values));
                }
            }
        }

        rows.Sort(StringComparer.Ordinal);
        using var file = new FileStream(_c.IndexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file));
        return string.Join(';', _c.Tree().Select(e => e.Key + "=" + e.Value)) + "|" + hash + "|" + string.Join('\n', rows);
    }

    public void Dispose()
    {
        _a.Dispose();
        _c.Dispose();
        _temp.Dispose();
    }
}
