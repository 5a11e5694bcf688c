using System.Diagnostics;
using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Benchmarks.Scan;

/// <summary>
/// Our side: a fresh <see cref="SqliteIndexStore"/> in a temporary directory (opened and migrated before the clock
/// starts), then <see cref="FolderScanner.ScanAsync"/> of the whole folder with default options on
/// <see cref="BasicFileSystem"/>; the clock covers exactly that call, including every index write and commit.
/// </summary>
internal static class OurScan
{
    private static readonly ShortId Us = DeviceId.FromBytes(Enumerable.Repeat((byte)0x5a, DeviceId.Length).ToArray()).Short;

    public static async Task<double> RunAsync(ScanDataset dataset, string workDirectory, CancellationToken cancellationToken)
    {
        var indexDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, $"ours-{Guid.NewGuid():N}")).FullName;
        try
        {
            double seconds;
            using (var store = new SqliteIndexStore(Path.Combine(indexDirectory, "index.db")))
            {
                var scanner = new FolderScanner(
                    dataset.Id, new BasicFileSystem(dataset.Path), Us, store, ignores: null, new FolderScanOptions(), TimeProvider.System);
                var clock = Stopwatch.StartNew();
                var result = await scanner.ScanAsync(null, null, cancellationToken).ConfigureAwait(false);
                seconds = clock.Elapsed.TotalSeconds;
                var counts = store.LocalCounts(dataset.Id);
                if (result.Errors.Count > 0 || counts.Files != dataset.Files || counts.Directories != dataset.Directories)
                {
                    throw new InvalidOperationException(
                        $"our scan of {dataset.Name} is incomplete: {counts}, {result.Skipped} skipped, first error {(result.Errors.Count > 0 ? result.Errors[0] : null)}");
                }
            }

            return seconds;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(indexDirectory, recursive: true);
        }
    }
}
