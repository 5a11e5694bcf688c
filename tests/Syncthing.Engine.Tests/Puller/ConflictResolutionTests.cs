using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Puller;
using Xunit;

namespace Syncthing.Engine.Tests.Puller;

/// <summary>1.19's conflict rules: who wins (WinsConflict), when a pull is a conflict (inConflict), and what the
/// puller does with the local loser (handleFile/handleDir/deleteFile/moveForConflict).</summary>
public sealed class ConflictResolutionTests
{
    private static readonly ShortId Us = new(0x10);
    private static readonly ShortId Them = DeviceId.Parse("QQYQ53F-AQK4XBN-I37MJSV-BJ4QB7S-YZLY6CQ-R22QLBO-LBR3KPJ-BOIQFQQ").Short;
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 23, 57, 54, TimeSpan.Zero);

    private static VersionVector V(params (ulong Id, ulong Value)[] counters) =>
        VersionVector.FromCounters(counters.Select(c => new Counter(c.Id, c.Value)));

    private static FileRecord F(string name = "a.txt", long mtime = 100, VersionVector? v = null, bool deleted = false, bool invalid = false, FileKind kind = FileKind.File, int nanos = 0) =>
        new() { Name = name, Kind = kind, ModifiedSeconds = mtime, ModifiedNanos = nanos, Version = v ?? VersionVector.Empty, Deleted = deleted, Invalid = invalid, ModifiedBy = Them.Value };

    public static TheoryData<string, FileRecord, FileRecord> Winners() => new()
    {
        // The first always wins over the second (1.19's TestWinsConflict, plus more).
        { "newer mtime", F(mtime: 42), F(mtime: 41) },
        { "newer nanoseconds", F(mtime: 42, nanos: 2), F(mtime: 42, nanos: 1) },
        { "modification beats a newer delete", F(mtime: 41), F(mtime: 42, deleted: true) },
        { "valid delete beats a newer invalid file", F(deleted: true, mtime: 0), F(mtime: 10, invalid: true) },
        { "valid old beats invalid new", F(mtime: 1), F(mtime: 99, invalid: true) },
        { "equal mtime: ahead at the lowest differing ID", F(mtime: 41, v: V((42, 2), (43, 1))), F(mtime: 41, v: V((42, 1), (43, 2))) },
        { "equal mtime: lowest ID decides even if it is small", F(mtime: 5, v: V((1, 2), (0xFFFF_FFFF_0000_0000, 1))), F(mtime: 5, v: V((1, 1), (0xFFFF_FFFF_0000_0000, 9))) },
        { "equal mtime: a missing counter counts as 0", F(mtime: 5, v: V((7, 1))), F(mtime: 5, v: V((8, 1))) },
    };

    [Theory]
    [MemberData(nameof(Winners))]
    public void WinsConflict_FirstBeatsSecond(string why, FileRecord winner, FileRecord loser)
    {
        Assert.True(ConflictResolution.WinsConflict(winner, loser), why);
        Assert.False(ConflictResolution.WinsConflict(loser, winner), why);
    }

    [Theory]
    [MemberData(nameof(Winners))]
    public void WinsConflict_AgreesWithGlobalSelection(string why, FileRecord winner, FileRecord loser)
    {
        var candidates = new[]
        {
            new GlobalCandidate(2, loser.Version, loser.IsInvalid, loser.Deleted, loser.ModifiedSeconds, loser.ModifiedNanos),
            new GlobalCandidate(1, winner.Version, winner.IsInvalid, winner.Deleted, winner.ModifiedSeconds, winner.ModifiedNanos),
        };
        Assert.True(GlobalSelector.Select(candidates) == 1, why);
    }

    [Fact]
    public void WinsConflict_IdenticalEntries_NeitherWins()
    {
        var a = F(v: V((1, 1)));
        Assert.False(ConflictResolution.WinsConflict(a, a with { }));
    }

    [Theory]
    [InlineData("concurrent", new ulong[] { 0x10, 2, 0x20, 1 }, new ulong[] { 0x10, 1, 0x20, 2 }, true)]
    [InlineData("replacement strictly newer", new ulong[] { 0x10, 1 }, new ulong[] { 0x10, 1, 0x20, 1 }, false)]
    [InlineData("replacement older (should not be pulled)", new ulong[] { 0x10, 2, 0x20, 1 }, new ulong[] { 0x10, 1 }, false)]
    [InlineData("equal", new ulong[] { 0x20, 3 }, new ulong[] { 0x20, 3 }, false)]
    [InlineData("replacement has a higher counter of ours: our index was lost", new ulong[] { 0x20, 1 }, new ulong[] { 0x10, 5, 0x20, 1 }, true)]
    [InlineData("we have nothing of the file", new ulong[0], new ulong[] { 0x20, 1 }, false)]
    public void InConflict_Table(string why, ulong[] current, ulong[] replacement, bool expected) =>
        Assert.True(expected == ConflictResolution.InConflict(Pairs(current), Pairs(replacement), Us), why);

    private static VersionVector Pairs(ulong[] flat) =>
        VersionVector.FromCounters(flat.Chunk(2).Select(p => new Counter(p[0], p[1])));

    private static readonly VersionVector Ours = V((0x10, 2), (0x20, 1));
    private static readonly VersionVector Theirs = V((0x10, 1), (0x20, 2));
    private static readonly VersionVector Successor = V((0x10, 2), (0x20, 2));

    [Fact]
    public void Decide_ConcurrentEditOfAFile_LocalBecomesConflictCopyNamedAfterTheWinner()
    {
        var d = ConflictResolution.Decide(F("dir/report.final.doc", v: Ours), F("dir/report.final.doc", v: Theirs), Us, 10, Now);
        Assert.Equal(ConflictAction.MoveToConflictCopy, d.Action);
        Assert.Equal("dir/report.final.sync-conflict-20261121-235754-QQYQ53F.doc", d.ConflictCopyName);
    }

    [Fact]
    public void Decide_IncomingDirectoryOverConcurrentLocalFile_FileBecomesConflictCopy()
    {
        var d = ConflictResolution.Decide(F("x", v: Ours), F("x", v: Theirs, kind: FileKind.Directory), Us, 10, Now);
        Assert.Equal(ConflictAction.MoveToConflictCopy, d.Action);
        Assert.Equal("x.sync-conflict-20261121-235754-QQYQ53F", d.ConflictCopyName);
    }

    [Theory]
    [InlineData(FileKind.Directory)]
    [InlineData(FileKind.Symlink)]
    public void Decide_ConcurrentLocalDirectoryOrSymlink_ReplacedWithoutCopy(FileKind localKind) =>
        Assert.Equal(ConflictDecision.Replace, ConflictResolution.Decide(F(v: Ours, kind: localKind), F(v: Theirs), Us, 10, Now));

    [Fact]
    public void Decide_SuccessorVersion_PlainReplace() =>
        Assert.Equal(ConflictDecision.Replace, ConflictResolution.Decide(F(v: Ours), F(v: Successor), Us, 10, Now));

    [Fact]
    public void Decide_NoLocalEntryOrLocallyDeleted_PlainReplace()
    {
        Assert.Equal(ConflictDecision.Replace, ConflictResolution.Decide(null, F(v: Theirs), Us, 10, Now));
        Assert.Equal(ConflictDecision.Replace, ConflictResolution.Decide(F(v: Ours, deleted: true), F(v: Theirs), Us, 10, Now));
    }

    [Fact]
    public void Decide_LocalIsAlreadyAConflictCopy_RemovedNotCopiedAgain() =>
        Assert.Equal(
            ConflictAction.RemoveLocal,
            ConflictResolution.Decide(F("a.sync-conflict-20200101-000000-AAAAAAA.txt", v: Ours), F("a.sync-conflict-20200101-000000-AAAAAAA.txt", v: Theirs), Us, 10, Now).Action);

    [Theory]
    [InlineData(0, nameof(ConflictAction.RemoveLocal))]
    [InlineData(1, nameof(ConflictAction.MoveToConflictCopy))]
    [InlineData(-1, nameof(ConflictAction.MoveToConflictCopy))]
    public void Decide_MaxConflicts(int max, string expected) =>
        Assert.Equal(expected, ConflictResolution.Decide(F(v: Ours), F(v: Theirs), Us, max, Now).Action.ToString());

    [Theory]
    [InlineData(FileKind.File)]
    [InlineData(FileKind.Symlink)]
    public void Decide_RemoteDeleteMeetsConcurrentLocalChange_LocalKeptWithMergedVersion(FileKind kind)
    {
        var d = ConflictResolution.Decide(F(v: Ours, kind: kind), F(v: Theirs, deleted: true), Us, 10, Now);
        Assert.Equal(ConflictAction.KeepLocalWithMergedVersion, d.Action);
        Assert.Equal(V((0x10, 2), (0x20, 2)), d.MergedVersion);
        Assert.Null(d.ConflictCopyName);
    }

    [Fact]
    public void Decide_RemoteDeleteOfUnchangedFile_PlainDelete() =>
        Assert.Equal(ConflictDecision.Replace, ConflictResolution.Decide(F(v: Ours), F(v: Successor, deleted: true), Us, 10, Now));

    [Fact]
    public void Decide_RemoteDeleteOfConcurrentDirectory_NoConflictHandling() =>
        Assert.Equal(ConflictDecision.Replace, ConflictResolution.Decide(F(v: Ours, kind: FileKind.Directory), F(v: Theirs, deleted: true), Us, 10, Now));

    [Fact]
    public void Decide_LostIndex_IncomingCarriesHigherCounterOfOurs_TreatedAsConflict()
    {
        var d = ConflictResolution.Decide(F(v: V((0x20, 1))), F(v: V((0x10, 9), (0x20, 1))), Us, 10, Now);
        Assert.Equal(ConflictAction.MoveToConflictCopy, d.Action);
    }
}
