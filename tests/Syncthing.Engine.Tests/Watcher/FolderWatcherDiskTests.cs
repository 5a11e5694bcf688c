using Syncthing.Engine.Tests.Fs;
using Syncthing.Engine.Watcher;
using Xunit;

namespace Syncthing.Engine.Tests.Watcher;

/// <summary>The real notification source (FileSystemWatcher, inotify on Linux) feeding a <see cref="FolderWatcher"/>.</summary>
public sealed class FolderWatcherDiskTests
{
    [Fact]
    public async Task CreateEditDeleteInTempDirectory_NamesArriveAndInternalOnesDoNot()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "sub"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "edit.txt"), "before");
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "sub", "delete.txt"), "bye");

        using var stop = new CancellationTokenSource();
        var watcher = new FolderWatcher(new FileSystemWatcherSource(dir.Path), delaySeconds: 1, ignores: null, TimeProvider.System);
        var run = watcher.RunAsync(stop.Token);

        await File.WriteAllTextAsync(Path.Combine(dir.Path, "new.txt"), "hello");
        await File.AppendAllTextAsync(Path.Combine(dir.Path, "edit.txt"), " and after");
        File.Delete(Path.Combine(dir.Path, "sub", "delete.txt"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, ".syncthing.new.txt.tmp"), "temp");
        Directory.CreateDirectory(Path.Combine(dir.Path, ".stversions"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, ".stversions", "old.txt"), "v");

        var expected = new[] { "edit.txt", "new.txt", "sub/delete.txt" };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!expected.All(seen.Contains) && !seen.Contains(""))
        {
            var batch = await watcher.Batches.ReadAsync(timeout.Token);
            seen.UnionWith(batch);
        }

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Superset(new HashSet<string>(expected), seen);
        Assert.DoesNotContain(seen, name => name.Contains(".syncthing.", StringComparison.Ordinal) || name.StartsWith(".stversions", StringComparison.Ordinal));
        Assert.DoesNotContain("", seen);
    }
}
