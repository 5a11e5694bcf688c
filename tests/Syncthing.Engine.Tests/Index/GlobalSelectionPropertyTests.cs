using FsCheck;
using FsCheck.Fluent;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using static Syncthing.Engine.Tests.Index.Ix;

namespace Syncthing.Engine.Tests.Index;

/// <summary>The global version of a name must not depend on the order in which devices' updates arrive.</summary>
public sealed class GlobalSelectionPropertyTests : IDisposable
{
    private readonly TempIndex _db = new();
    private int _folderCounter;

    public void Dispose() => _db.Dispose();

    private static Gen<FileRecord> EntryGen() =>
        from c1 in Gen.Choose(0, 3)
        from c2 in Gen.Choose(0, 3)
        from c3 in Gen.Choose(0, 3)
        from mtime in Gen.Choose(1, 3)
        from deleted in Gen.Elements(false, false, true)
        from invalid in Gen.Elements(false, false, false, true)
        select File("x", V((1, (ulong)c1), (2, (ulong)c2), (3, (ulong)c3)), mtime: mtime, deleted: deleted, invalid: invalid);

    [Fact]
    public void SelectorResult_IsIndependentOfCandidateOrder()
    {
        var gen =
            from entries in EntryGen().ListOf().Where(l => l.Count is > 0 and <= 5)
            from seed in Gen.Choose(0, 1000)
            select (entries: entries.ToList(), seed);

        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var candidates = t.entries.Select((f, i) => new GlobalCandidate(i, f.Version, f.Invalid, f.Deleted, f.ModifiedSeconds, 0)).ToList();
            var shuffled = candidates.OrderBy(c => HashCode.Combine(c.DeviceKey, t.seed)).ToList();
            return candidates[GlobalSelector.Select(candidates)] == shuffled[GlobalSelector.Select(shuffled)];
        }));
    }

    [Fact]
    public void StoreGlobal_IsIndependentOfArrivalOrder()
    {
        var gen =
            from entries in EntryGen().ListOf().Where(l => l.Count is > 0 and <= 4)
            from seed in Gen.Choose(0, 1000)
            select (entries: entries.ToList(), seed);

        // Devices get their numbers in a fixed order first, so that identical versions tie-break the same way.
        for (byte d = 1; d <= 4; d++)
        {
            _db.Store.SetRemoteMaxSequence("setup", Dev(d), 0);
        }

        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var arrivals = t.entries.Select((f, i) => (Device: Dev((byte)(i + 1)), File: f)).ToList();
            var reordered = arrivals.OrderBy(a => HashCode.Combine(a.Device, t.seed)).ToList();
            var first = GlobalAfter(arrivals);
            var second = GlobalAfter(reordered);
            return first.Global == second.Global && first.Needed == second.Needed;
        }));
    }

    private (string? Global, bool Needed) GlobalAfter(List<(Syncthing.Engine.Identity.DeviceId Device, FileRecord File)> arrivals)
    {
        var folder = $"p{++_folderCounter}";
        foreach (var (device, file) in arrivals)
        {
            _db.Store.ApplyRemote(folder, device, [file], replaceAll: false);
        }

        var g = _db.Store.GetGlobal(folder, "x");
        var key = g is null ? null : $"{g.Version}|{g.Deleted}|{g.IsInvalid}|{g.ModifiedSeconds}";
        return (key, _db.Store.Need(folder).Any());
    }
}
