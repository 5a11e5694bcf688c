using FsCheck;
using FsCheck.Fluent;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using static Syncthing.Engine.Tests.Index.Ix;

namespace Syncthing.Engine.Tests.Index;

/// <summary>
/// The incrementally kept counters (<c>counts</c> table) must equal the full-scan reference
/// (<see cref="ReferenceCounts"/>) after every step of any sequence of writes through the public store API:
/// local updates (deletes, invalid entries, every local flag including receive-only changes), remote Index and
/// IndexUpdate from three devices with equal, newer, older and concurrent versions, dropped devices and index ID
/// changes. Each case runs in a fresh folder of the same database, so earlier folders also prove isolation.
/// </summary>
public sealed class CountsPropertyTests : IDisposable
{
    private static readonly string[] Names = ["a", "b", "c", "d", "d/e", "d/f"];

    private readonly TempIndex _db = new();
    private int _folderCounter;

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Counts_EqualTheReferenceScan_AfterEveryStep()
    {
        var gen = from n in Gen.Choose(1, 12) from ops in OpGen().ListOf(n) select ops.ToList();
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(gen.ToArbitrary(), Run));
    }

    [Fact]
    public void Counts_EqualTheReferenceScan_OverLongHistories()
    {
        var gen = from n in Gen.Choose(40, 80) from ops in OpGen().ListOf(n) select ops.ToList();
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(8), Prop.ForAll(gen.ToArbitrary(), Run));
    }

    private bool Run(List<Op> ops)
    {
        var folder = $"c{++_folderCounter}";
        for (var step = 0; step < ops.Count; step++)
        {
            ops[step].Apply(_db.Store, folder);
            AssertCountsMatch(folder, $"after step {step} of [{string.Join("; ", ops.Take(step + 1))}]");
        }

        return true;
    }

    private void AssertCountsMatch(string folder, string context)
    {
        Same(ReferenceCounts.Global(_db.Path, folder), _db.Store.GlobalCounts(folder), "global", context);
        Same(ReferenceCounts.Local(_db.Path, folder), _db.Store.LocalCounts(folder), "local", context);
        var localNeed = _db.Store.NeedCounts(folder);
        Same(ReferenceCounts.Need(_db.Path, folder, null), localNeed, "local need", context);
        Assert.Equal(localNeed.TotalItems, _db.Store.Need(folder).Count());
        foreach (var n in new byte[] { 1, 2, 3, 9 })
        {
            Same(ReferenceCounts.Need(_db.Path, folder, Dev(n)), _db.Store.NeedCounts(folder, Dev(n)), $"need of device {n}", context);
        }
    }

    private static void Same(IndexCounts expected, IndexCounts actual, string what, string context)
    {
        if (expected != actual)
        {
            Assert.Fail($"{what}: expected {expected}, got {actual} {context}");
        }
    }

    private static Gen<FileRecord> EntryGen() =>
        from name in Gen.Elements(Names)
        from kind in Gen.Elements(FileKind.File, FileKind.File, FileKind.Directory, FileKind.Symlink)
        from c1 in Gen.Choose(0, 2)
        from c2 in Gen.Choose(0, 2)
        from c3 in Gen.Choose(0, 2)
        from size in Gen.Choose(0, 40)
        from deleted in Gen.Elements(false, false, true)
        from invalid in Gen.Elements(false, false, false, true)
        from flags in Gen.Elements(LocalFlags.None, LocalFlags.None, LocalFlags.None, LocalFlags.Ignored,
            LocalFlags.ReceiveOnly, LocalFlags.MustRescan, LocalFlags.Unsupported)
        let version = V((1, (ulong)c1), (2, (ulong)c2), (3, (ulong)c3))
        let entry = kind switch
        {
            FileKind.Directory => Dir(name, version),
            FileKind.Symlink => Link(name, version),
            _ => File(name, version, size: size),
        }
        select entry with { Deleted = deleted, Size = deleted ? 0 : entry.Size, Invalid = invalid, LocalFlags = flags };

    private static Gen<List<FileRecord>> EntriesGen() =>
        from n in Gen.Choose(0, 4) from entries in EntryGen().ListOf(n) select entries.ToList();

    private static Gen<Op> OpGen() =>
        Gen.Frequency(
            (3, EntriesGen().Select(e => (Op)new LocalOp(e))),
            (5, from d in Gen.Choose(1, 3)
                from e in EntriesGen()
                from replaceAll in Gen.Elements(false, false, false, true)
                select (Op)new RemoteOp((byte)d, e, replaceAll)),
            (1, Gen.Choose(1, 3).Select(d => (Op)new DropOp((byte)d))),
            (1, from d in Gen.Choose(1, 3) from id in Gen.Choose(1, 2) select (Op)new IndexIdOp((byte)d, (ulong)id)));

    private static string Describe(IEnumerable<FileRecord> entries) =>
        string.Join(", ", entries.Select(f =>
            $"{f.Name}:{f.Kind}:{string.Join(".", f.Version.Counters.Select(c => $"{c.Id}={c.Value}"))}{(f.Deleted ? ":del" : "")}{(f.Invalid ? ":inv" : "")}{(f.LocalFlags != 0 ? ":" + f.LocalFlags : "")}:{f.Size}"));

    internal abstract record Op
    {
        public abstract void Apply(IIndexStore store, string folder);
    }

    private sealed record LocalOp(List<FileRecord> Entries) : Op
    {
        public override void Apply(IIndexStore store, string folder) => store.UpdateLocal(folder, Entries);

        public override string ToString() => $"local({Describe(Entries)})";
    }

    private sealed record RemoteOp(byte Device, List<FileRecord> Entries, bool ReplaceAll) : Op
    {
        public override void Apply(IIndexStore store, string folder) =>
            store.ApplyRemote(folder, Dev(Device), Entries, ReplaceAll);

        public override string ToString() => $"{(ReplaceAll ? "index" : "update")}@{Device}({Describe(Entries)})";
    }

    private sealed record DropOp(byte Device) : Op
    {
        public override void Apply(IIndexStore store, string folder) => store.DropDevice(folder, Dev(Device));

        public override string ToString() => $"drop@{Device}";
    }

    private sealed record IndexIdOp(byte Device, ulong Id) : Op
    {
        public override void Apply(IIndexStore store, string folder) =>
            store.SetRemoteIndexId(folder, Dev(Device), Id);

        public override string ToString() => $"indexid@{Device}={Id}";
    }
}
