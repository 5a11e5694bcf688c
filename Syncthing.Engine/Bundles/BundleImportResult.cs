using Syncthing.Engine.Identity;
using Syncthing.Engine.Puller;

namespace Syncthing.Engine.Bundles;

/// <summary>What an import did, per folder of the bundle.</summary>
internal sealed record BundleImportResult(DeviceId Exporter, bool Full, IReadOnlyList<BundleFolderImport> Folders)
{
    /// <summary>Folders of the bundle that are not shared here (left alone).</summary>
    public IReadOnlyList<string> NotShared { get; init; } = [];
}

/// <summary>
/// One folder's import: the sequence of the exporter's index we held before and hold now, records applied and
/// records already held (an older or repeated bundle), the gap when the bundle starts after what we hold, the pull,
/// and the signed receipt to send back to the exporter.
/// </summary>
internal sealed record BundleFolderImport
{
    public required BundleFolderRange Range { get; init; }

    public long HeldBefore { get; init; }

    public long HeldAfter { get; init; }

    public long RecordsApplied { get; init; }

    public long RecordsAlreadyHeld { get; init; }

    /// <summary>Set when the bundle starts after the sequence we held: an earlier bundle is missing (a full export recovers).</summary>
    public BundleGap? Gap { get; init; }

    public required PullResult Pull { get; init; }

    /// <summary>Block bytes the puller took from the bundle (the rest was reused locally).</summary>
    public long BytesFromBundle { get; init; }

    public required BundleReceipt Receipt { get; init; }

    /// <summary><see cref="Receipt"/> signed by the importing device, ready to carry back.</summary>
    public required ReadOnlyMemory<byte> SignedReceipt { get; init; }
}

/// <summary>We held the exporter's index up to <see cref="HeldSequence"/>; the bundle covers only sequences after <see cref="BundleFromSequence"/>.</summary>
internal sealed record BundleGap(long HeldSequence, long BundleFromSequence)
{
    public override string ToString() =>
        $"a bundle is missing: we hold sequences up to {HeldSequence} of the exporter's index, this bundle starts after {BundleFromSequence}; import the missing bundle or a full export";
}
