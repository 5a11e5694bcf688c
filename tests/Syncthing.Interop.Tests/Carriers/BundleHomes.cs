using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Daemon;
using Syncthing.Interop.Tests.Infrastructure;
using Syncthing.Interop.Tests.Sync;

namespace Syncthing.Interop.Tests.Carriers;

/// <summary>One stopped node home made by <c>syncthingd generate</c>, sharing <see cref="BundleHomes.FolderId"/> with its peer.</summary>
internal sealed record BundleHome(string Name, string Home, DeviceId Id, string Data);

/// <summary>
/// Two stopped homes that share one folder but never connect (no addresses), and the <c>syncthingd bundle</c>
/// commands between them: the setting of the offline-carrier tests.
/// </summary>
internal sealed class BundleHomes
{
    public const string FolderId = "carried";

    private BundleHomes(BundleHome a, BundleHome c)
    {
        A = a;
        C = c;
    }

    public BundleHome A { get; }

    public BundleHome C { get; }

    public static async Task<BundleHomes> CreateAsync(string root, CancellationToken ct)
    {
        var a = await GenerateAsync(root, "a");
        var c = await GenerateAsync(root, "c");
        await ShareAsync(a, c.Id, ct);
        await ShareAsync(c, a.Id, ct);
        return new BundleHomes(a, c);
    }

    /// <summary><c>syncthingd bundle export</c> from <paramref name="from"/> for <paramref name="to"/>; asserts success.</summary>
    public static async Task ExportAsync(BundleHome from, BundleHome to, string path)
    {
        var (exit, stdout, stderr) = await OurDaemon.RunAsync("bundle", "export", "--home", from.Home, "--folder", FolderId, "--device", to.Id.ToString(), "--out", path);
        Assert.True(exit == 0, $"export {from.Name}→{to.Name} exited {exit}: {stdout}{stderr}");
    }

    /// <summary><c>syncthingd bundle import</c>; asserts success and returns its standard output.</summary>
    public static async Task<string> ImportAsync(BundleHome into, string path)
    {
        var (exit, stdout, stderr) = await OurDaemon.RunAsync("bundle", "import", "--home", into.Home, "--in", path);
        Assert.True(exit == 0, $"import into {into.Name} exited {exit}: {stdout}{stderr}");
        return stdout;
    }

    /// <summary>Asserts both folders hold the same names, types, sizes, modes, mtimes and file contents.</summary>
    public async Task AssertSameTreesAsync()
    {
        var a = await TreeSnapshot.TakeAsync(A.Data);
        var c = await TreeSnapshot.TakeAsync(C.Data);
        Assert.Empty(TreeSnapshot.MetadataDiff(a, c));
        Assert.Equal(TreeSnapshot.Hashes(A.Data, a), TreeSnapshot.Hashes(C.Data, c));
    }

    /// <summary>A fresh home <c>ROOT/NAME-home</c> with an empty data directory <c>ROOT/NAME-data</c>.</summary>
    public static async Task<BundleHome> GenerateAsync(string root, string name)
    {
        var home = Path.Combine(root, name + "-home");
        var (exit, _, stderr) = await OurDaemon.RunAsync("generate", "--home", home, "--no-default-folder", "--skip-port-probing");
        Assert.True(exit == 0, stderr);
        var data = Directory.CreateDirectory(Path.Combine(root, name + "-data")).FullName;
        return new BundleHome(name, home, DeviceIdentity.Load(home).Id, data);
    }

    /// <summary>Adds <paramref name="peer"/> (no addresses) and the folder shared with it to the stopped home's config.xml.</summary>
    public static async Task ShareAsync(BundleHome home, DeviceId peer, CancellationToken ct)
    {
        var path = Path.Combine(home.Home, "config.xml");
        var config = await ConfigXml.LoadAsync(path, ct);
        config = config with
        {
            Devices = config.Devices.Add(new DeviceConfiguration { DeviceId = peer, Name = peer.Short.ToString(), Addresses = ValueList.Of("dynamic") }),
            Folders = ValueList.Of(new FolderConfiguration
            {
                Id = FolderId,
                Label = FolderId,
                Path = home.Data,
                Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = home.Id }, new FolderDeviceConfiguration { DeviceId = peer }),
            }),
        };
        await ConfigXml.SaveAsync(config, path, ct);
    }
}
