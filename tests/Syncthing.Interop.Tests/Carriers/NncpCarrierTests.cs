using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Carriers;

/// <summary>
/// Issue 7: bundles carried by NNCP between nodes that never connect. Each bundle goes through <c>nncp-file</c>
/// (encrypted to the receiving NNCP node), <c>nncp-xfer</c> onto a directory standing for a USB stick, and
/// <c>nncp-xfer -rx</c> + <c>nncp-toss</c> on the other side; then <c>syncthingd bundle import</c>.
/// </summary>
public sealed class NncpCarrierTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("st-nncp").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [ToolFact("nncp", "nncp-cfgnew", "nncp-file", "nncp-xfer", "nncp-toss")]
    public async Task Changes_travel_both_ways_over_NNCP_on_a_carried_directory()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var homes = await BundleHomes.CreateAsync(_root, timeout.Token);
        var nncpA = await NncpNode.CreateAsync("a", _root);
        var nncpC = await NncpNode.CreateAsync("c", _root);
        await NncpNode.IntroduceAsync(nncpA, nncpC);
        var stick = Directory.CreateDirectory(Path.Combine(_root, "usb-stick")).FullName;

        // Round 1, A → C: a tree with a nested directory, a larger random file and an empty file.
        var a = homes.A.Data;
        Directory.CreateDirectory(Path.Combine(a, "site", "logs"));
        var big = new byte[3_000_000];
        new Random(11).NextBytes(big);
        await File.WriteAllBytesAsync(Path.Combine(a, "site", "survey.bin"), big, timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(a, "site", "logs", "day1.txt"), "all quiet", timeout.Token);
        await File.WriteAllBytesAsync(Path.Combine(a, "empty"), [], timeout.Token);
        await CarryAsync(homes.A, nncpA, homes.C, nncpC, stick, "round1.stbundle");
        await homes.AssertSameTreesAsync();

        // Round 2, C → A: C edits, adds and deletes; the bundle travels back the other way.
        var c = homes.C.Data;
        await File.AppendAllTextAsync(Path.Combine(c, "site", "logs", "day1.txt"), ", then a storm", timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(c, "site", "logs", "day2.txt"), "repairs", timeout.Token);
        File.Delete(Path.Combine(c, "empty"));
        await CarryAsync(homes.C, nncpC, homes.A, nncpA, stick, "round2.stbundle");
        await homes.AssertSameTreesAsync();
        Assert.Equal("all quiet, then a storm", await File.ReadAllTextAsync(Path.Combine(a, "site", "logs", "day1.txt"), timeout.Token));
        Assert.False(File.Exists(Path.Combine(a, "empty")));

        // The carrier held only NNCP packets: nothing of the bundle (a file name) is readable on the stick.
        Assert.Empty(Directory.EnumerateFiles(stick, "*", SearchOption.AllDirectories));
    }

    private static async Task CarryAsync(BundleHome from, NncpNode nncpFrom, BundleHome to, NncpNode nncpTo, string stick, string name)
    {
        var bundle = Path.Combine(Path.GetDirectoryName(from.Home)!, name);
        await BundleHomes.ExportAsync(from, to, bundle);
        await nncpFrom.SendFileAsync(bundle, nncpTo, name);
        await nncpFrom.WriteToCarrierAsync(stick);
        var onStick = Directory.EnumerateFiles(stick, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(onStick);
        Assert.All(onStick, f => Assert.DoesNotContain(name, f, StringComparison.Ordinal));
        await nncpTo.ReadFromCarrierAsync(stick);
        var received = Path.Combine(nncpTo.Incoming, name);
        Assert.True(File.Exists(received), $"nncp-toss did not deliver {name} to {nncpTo.Incoming}");
        Assert.Equal(await File.ReadAllBytesAsync(bundle), await File.ReadAllBytesAsync(received));
        await BundleHomes.ImportAsync(to, received);
    }
}
