namespace Syncthing.Engine.Bundles;

/// <summary>What an export wrote: the folder range, record and block counts, bytes, the part files, and the files left out.</summary>
internal sealed record BundleExportResult
{
    public required BundleFolderRange Range { get; init; }

    public long Records { get; init; }

    public long Blocks { get; init; }

    /// <summary>Bytes of the bundle (all parts).</summary>
    public long Bytes { get; init; }

    /// <summary>Blocks not written because the target is known to have them or they were already in the bundle.</summary>
    public long BlocksSkipped { get; init; }

    /// <summary>Files written by a file export, in order (one, or the numbered parts).</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Files whose content no longer matched the index (changed since the last scan); rescan and export again.</summary>
    public IReadOnlyList<BundleSkippedFile> Skipped { get; init; } = [];
}

/// <summary>One file left out of a bundle, with the reason.</summary>
internal sealed record BundleSkippedFile(string Name, string Reason);
