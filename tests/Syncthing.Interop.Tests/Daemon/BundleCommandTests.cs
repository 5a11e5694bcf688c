using Syncthing.Interop.Tests.Carriers;

namespace Syncthing.Interop.Tests.Daemon;

/// <summary>Issue 7: <c>syncthingd bundle export</c> on one stopped home and <c>bundle import</c> on another.</summary>
public sealed class BundleCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("st-bundle-cmd").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ExportOnAImportOnC_BringsTheFilesAndASecondImportChangesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var homes = await BundleHomes.CreateAsync(_root, ct);
        var (homeA, idA, dataA) = (homes.A.Home, homes.A.Id, homes.A.Data);
        var (homeC, idC, dataC) = (homes.C.Home, homes.C.Id, homes.C.Data);
        Directory.CreateDirectory(Path.Combine(dataA, "docs"));
        var content = new byte[400_000];
        new Random(5).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(dataA, "docs", "report.bin"), content, ct);
        await File.WriteAllTextAsync(Path.Combine(dataA, "readme.txt"), "carried by hand", ct);
        var bundle = Path.Combine(_root, "a-to-c.stbundle");

        var export = await OurDaemon.RunAsync("bundle", "export", "--home", homeA, "--folder", BundleHomes.FolderId, "--device", idC.ToString(), "--out", bundle);
        var import = await OurDaemon.RunAsync("bundle", "import", "--home", homeC, "--in", bundle, "--receipt", Path.Combine(_root, "receipt"));
        var again = await OurDaemon.RunAsync("bundle", "import", "--home", homeC, "--in", bundle);

        Assert.True(export.ExitCode == 0, export.StdOut + export.StdErr);
        Assert.True(import.ExitCode == 0, import.StdOut + import.StdErr);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(dataC, "docs", "report.bin"), ct));
        Assert.Equal("carried by hand", await File.ReadAllTextAsync(Path.Combine(dataC, "readme.txt"), ct));
        Assert.True(new FileInfo(Path.Combine(_root, "receipt")).Length > 0);
        Assert.True(again.ExitCode == 0, again.StdOut + again.StdErr);
        Assert.Contains("applied 0 records", again.StdOut, StringComparison.Ordinal);

        // A bundle from a device C does not trust is refused and changes nothing.
        var x = await BundleHomes.GenerateAsync(_root, "x");
        await BundleHomes.ShareAsync(x, idC, ct);
        var (homeX, dataX) = (x.Home, x.Data);
        await File.WriteAllTextAsync(Path.Combine(dataX, "intruder.txt"), "no", ct);
        var foreign = Path.Combine(_root, "x-to-c.stbundle");
        Assert.Equal(0, (await OurDaemon.RunAsync("bundle", "export", "--home", homeX, "--folder", BundleHomes.FolderId, "--device", idC.ToString(), "--out", foreign)).ExitCode);
        var refused = await OurDaemon.RunAsync("bundle", "import", "--home", homeC, "--in", foreign);
        Assert.Equal(1, refused.ExitCode);
        Assert.False(File.Exists(Path.Combine(dataC, "intruder.txt")));
    }

    [Fact]
    public async Task EncryptedExportAndReceipt_TheNextDefaultExportCarriesOnlyTheNewChange()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var homes = await BundleHomes.CreateAsync(_root, ct);
        var (homeA, idA, dataA) = (homes.A.Home, homes.A.Id, homes.A.Data);
        var (homeC, idC, dataC) = (homes.C.Home, homes.C.Id, homes.C.Data);
        await File.WriteAllTextAsync(Path.Combine(dataA, "confidential-name.txt"), "first", ct);
        await File.WriteAllTextAsync(Path.Combine(dataA, "other.txt"), "unchanged", ct);
        var passwordFile = Path.Combine(_root, "password");
        await File.WriteAllTextAsync(passwordFile, "s3cret carrier pass\nsecond line is not part of it\n", ct);
        var wrongFile = Path.Combine(_root, "wrong");
        await File.WriteAllTextAsync(wrongFile, "not it\n", ct);
        var first = Path.Combine(_root, "first.stbundle");
        var receipt = Path.Combine(_root, "receipt");

        var export = await OurDaemon.RunAsync("bundle", "export", "--home", homeA, "--folder", BundleHomes.FolderId, "--device", idC.ToString(), "--out", first, "--password-file", passwordFile);
        Assert.True(export.ExitCode == 0, export.StdOut + export.StdErr);
        var bytes = await File.ReadAllBytesAsync(first, ct);
        Assert.Equal("STBCRYPT"u8.ToArray(), bytes[..8]);
        Assert.True(bytes.AsSpan().IndexOf("confidential-name"u8) < 0);

        var noPassword = await OurDaemon.RunAsync("bundle", "import", "--home", homeC, "--in", first);
        var wrong = await OurDaemon.RunAsync("bundle", "import", "--home", homeC, "--in", first, "--password-file", wrongFile);
        Assert.Equal(1, noPassword.ExitCode);
        Assert.Contains("a password is needed", noPassword.StdOut + noPassword.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("password is wrong", wrong.StdOut + wrong.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dataC, "confidential-name.txt")));

        var import = await OurDaemon.RunAsync("bundle", "import", "--home", homeC, "--in", first, "--password-file", passwordFile, "--receipt", receipt);
        Assert.True(import.ExitCode == 0, import.StdOut + import.StdErr);
        Assert.Equal("first", await File.ReadAllTextAsync(Path.Combine(dataC, "confidential-name.txt"), ct));
        var accepted = await OurDaemon.RunAsync("bundle", "receipt", "--home", homeA, "--in", receipt);
        Assert.True(accepted.ExitCode == 0, accepted.StdOut + accepted.StdErr);
        Assert.Contains("the next export to it starts there", accepted.StdOut, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(dataA, "confidential-name.txt"), "second, changed", ct);
        File.SetLastWriteTimeUtc(Path.Combine(dataA, "confidential-name.txt"), DateTime.UtcNow.AddMinutes(1));
        var second = Path.Combine(_root, "second.stbundle");
        var next = await OurDaemon.RunAsync("bundle", "export", "--home", homeA, "--folder", BundleHomes.FolderId, "--device", idC.ToString(), "--out", second, "--password-file", passwordFile);
        Assert.True(next.ExitCode == 0, next.StdOut + next.StdErr);
        Assert.Contains("exported 1 records", next.StdOut, StringComparison.Ordinal);
        var nextImport = await OurDaemon.RunAsync("bundle", "import", "--home", homeC, "--in", second, "--password-file", passwordFile);
        Assert.True(nextImport.ExitCode == 0, nextImport.StdOut + nextImport.StdErr);
        Assert.Equal("second, changed", await File.ReadAllTextAsync(Path.Combine(dataC, "confidential-name.txt"), ct));
        Assert.Equal("unchanged", await File.ReadAllTextAsync(Path.Combine(dataC, "other.txt"), ct));

        // A receipt from a device A does not know is refused.
        var x = await BundleHomes.GenerateAsync(_root, "x");
        await BundleHomes.ShareAsync(x, idA, ct);
        var homeX = x.Home;
        var refused = await OurDaemon.RunAsync("bundle", "receipt", "--home", homeX, "--in", receipt);
        Assert.Equal(1, refused.ExitCode);
    }
}
