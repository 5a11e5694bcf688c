namespace Syncthing.Engine.Scanner;

/// <summary>One item a scan could not index (it keeps its previous index state) and why.</summary>
internal sealed record ScanError(string Name, string Reason);

/// <summary>Progress of a running scan, reported after each directory listed and each file hashed.</summary>
internal readonly record struct ScanProgress(long ItemsWalked, long FilesHashed, long BytesHashed);

/// <summary>
/// What one scan changed. <see cref="New"/>, <see cref="Changed"/>, <see cref="Deleted"/> and
/// <see cref="NewlyIgnored"/> are the records written; <see cref="Unchanged"/> counts items compared equal;
/// <see cref="Skipped"/> counts items left alone because of an error (bad name, I/O error, kept changing).
/// </summary>
internal sealed record ScanResult
{
    public long New { get; init; }

    public long Changed { get; init; }

    public long Deleted { get; init; }

    /// <summary>Index entries that became ignored (now carrying <c>LocalFlags.Ignored</c>).</summary>
    public long NewlyIgnored { get; init; }

    public long Unchanged { get; init; }

    public long Skipped { get; init; }

    public long FilesHashed { get; init; }

    public long BytesHashed { get; init; }

    /// <summary>The first errors (up to <see cref="FolderScanOptions.MaxReportedErrors"/>); <see cref="Skipped"/> has the count.</summary>
    public IReadOnlyList<ScanError> Errors { get; init; } = [];

    /// <summary>Records written to the index.</summary>
    public long Written => New + Changed + Deleted + NewlyIgnored;
}
