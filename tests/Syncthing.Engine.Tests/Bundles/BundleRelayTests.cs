using Syncthing.Engine.Bundles;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Tests.Infrastructure;
using Syncthing.Engine.Tests.Puller;

namespace Syncthing.Engine.Tests.Bundles;

public sealed class BundleRelayTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly BundleNode _a;
    private readonly BundleNode _b;
    private readonly BundleNode _c;

    public BundleRelayTests()
    {
        _a = new BundleNode(_time);
        _b = new BundleNode(_time);
        _c = new BundleNode(_time);
        BundleNode.Trust(_a, _b, _c);
    }

    [Fact]
    public async Task Changes_relayed_through_B_keep_A_versions_so_A_and_C_meeting_online_transfer_nothing()
    {
        _a.Write("dir/one.txt", "from A"u8.ToArray());
        _a.Write("two.bin", PullerFixture.Random(200_000, 11));
        await _a.SendAsync(_b);
        _time.Advance(TimeSpan.FromSeconds(3));
        _a.Write("two.bin", PullerFixture.Random(200_000, 12));
        _a.Fs.Remove("dir/one.txt");
        await _a.SendAsync(_b);

        var relayed = await _b.SendAsync(_c);

        Assert.Equal(_b.Id, relayed.Exporter);
        Assert.Equal(_a.Tree(), _c.Tree());
        foreach (var name in new[] { "two.bin", "dir/one.txt", "dir" })
        {
            var original = _a.Store.GetLocal(BundleNode.Folder, name)!;
            var announced = _c.Store.GetRemote(BundleNode.Folder, _b.Id, name)!;
            Assert.Equal(original.Version, announced.Version);
            Assert.Equal(original.ModifiedBy, announced.ModifiedBy);
            Assert.Equal(original.Version, _c.Store.GetGlobal(BundleNode.Folder, name)!.Version);
        }

        Assert.Equal(_a.Store.GetLocal(BundleNode.Folder, "two.bin")!.Version, _c.Store.GetLocal(BundleNode.Folder, "two.bin")!.Version);

        // A and C meet online: each sends its whole index (an Index message); neither needs anything.
        _a.Store.ApplyRemote(BundleNode.Folder, _c.Id, [.. _c.Store.LocalEntriesUnder(BundleNode.Folder, "")], replaceAll: true);
        _c.Store.ApplyRemote(BundleNode.Folder, _a.Id, [.. _a.Store.LocalEntriesUnder(BundleNode.Folder, "")], replaceAll: true);
        Assert.Empty(_a.Store.Need(BundleNode.Folder));
        Assert.Empty(_c.Store.Need(BundleNode.Folder));
        var fetcher = new FakeFetcher(_a.Fs) { Connected = { _a.Id } };
        var pull = await new FolderPuller(BundleNode.Folder, _c.Fs, _c.Store, fetcher, _c.Id.Short, _c.Options, _time).PullAsync(null, BundleNode.Timeout);
        Assert.Equal(0, pull.Needed);
        Assert.Equal(0, fetcher.BytesRequested);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _c.Dispose();
    }
}
