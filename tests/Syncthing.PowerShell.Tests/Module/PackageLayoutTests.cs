using System.Diagnostics;

namespace Syncthing.PowerShell.Tests.Module;

/// <summary>tools/package.sh lays out an importable module: everything the manifest names, native SQLite, help.</summary>
public sealed class PackageLayoutTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "st-pwsh-package-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task Package_layout_holds_everything_the_manifest_names()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoFiles.Root };
        foreach (var arg in new[] { Path.Combine(RepoFiles.Root, "tools", "package.sh"), "--out", _out, "--configuration", "Debug", "--no-daemon", "--no-help" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stdout + await stderr);

        var manifest = File.ReadAllText(Path.Combine(_out, "Syncthing.psd1"));
        Assert.True(File.Exists(Path.Combine(_out, RepoFiles.ManifestValue(manifest, "RootModule"))));
        foreach (var file in RepoFiles.ManifestList(manifest, "FormatsToProcess").Concat(RepoFiles.ManifestList(manifest, "TypesToProcess")))
        {
            Assert.True(File.Exists(Path.Combine(_out, file)), file);
        }

        Assert.True(File.Exists(Path.Combine(_out, "en-US", "Syncthing.PowerShell.dll-Help.xml")));
        Assert.True(File.Exists(Path.Combine(_out, "en-US", "about_Syncthing.help.txt")));
        Assert.True(File.Exists(Path.Combine(_out, "Syncthing.Engine.dll")));
        Assert.True(File.Exists(Path.Combine(_out, "runtimes", "linux-x64", "native", "libe_sqlite3.so")));
        Assert.True(File.Exists(Path.Combine(_out, "runtimes", "win-x64", "native", "e_sqlite3.dll")));
        Assert.False(File.Exists(Path.Combine(_out, "System.Management.Automation.dll")), "PowerShell's own assembly must not ship");
        Assert.Equal(File.ReadAllText(Path.Combine(RepoFiles.Root, "Syncthing.psd1")), manifest);
    }
}
